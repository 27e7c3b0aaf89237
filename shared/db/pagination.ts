import * as z from 'zod';
import { ValidationFailed } from '../errors.ts';
import type { IndexPartition } from './keys.ts';
import { pageKeyNames } from './keys.ts';

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

type PageKey = Record<string, string>;
const PageKeyShape = z.record(z.string(), z.string());

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastEvaluatedKey) return undefined;
  return Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
}

/**
 * Decodes a cursor and checks it belongs to `partition`, so a cursor from one listing
 * cannot be replayed against another index or partition.
 */
export function decodeCursor(cursor: string | undefined, partition: IndexPartition): PageKey | undefined {
  if (cursor === undefined) return undefined;
  const invalid = new ValidationFailed('The cursor is not valid for this listing.', [
    { pointer: '/cursor', message: 'not a cursor returned by this listing' },
  ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const parsed = PageKeyShape.safeParse(decoded);
  if (!parsed.success) throw invalid;
  const expectedNames = pageKeyNames(partition).sort();
  const names = Object.keys(parsed.data).sort();
  const samePartition = parsed.data[partition.partitionKeyName] === partition.partitionKey;
  if (!samePartition || JSON.stringify(names) !== JSON.stringify(expectedNames)) throw invalid;
  return parsed.data;
}

/** Every item of a paged listing (for bounded catalogs, a contact's records, and the offline KPI rebuild). */
export async function readAll<T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor;
  } while (cursor);
  return items;
}
