import type * as z from 'zod';
import type { ItemKey } from './keys.ts';

/** A stored item that no read schema accepts: what is logged of it (its key and where it fails, never its values). */
export interface UnreadableItem {
  entity: string;
  key: ItemKey;
  /** Each failing field as a JSON Pointer and zod's issue code. */
  issues: { pointer: string; code: string }[];
}

export const describeIssues = (error: z.ZodError): UnreadableItem['issues'] =>
  error.issues.slice(0, 10).map((issue) => ({
    pointer: issue.path.map((part) => `/${String(part)}`).join(''),
    code: issue.code,
  }));

let report: (item: UnreadableItem) => void = (item) =>
  console.warn(JSON.stringify({ level: 'WARN', message: 'Skipped a stored item no read schema accepts', ...item }));

/** Where skipped items are reported (the handlers' logger; a test's list). Returns the previous reporter. */
export function reportUnreadableItemsTo(reporter: (item: UnreadableItem) => void): (item: UnreadableItem) => void {
  const previous = report;
  report = reporter;
  return previous;
}

export const reportUnreadableItem = (item: UnreadableItem): void => report(item);

/**
 * The items of a listing that `schema` reads, in order. One it cannot read is reported (key and failing
 * fields, never values) and skipped, so a single item an older or broken writer left cannot fail the page.
 * `entity` names the kind in the report; `select` picks the part of the item the schema reads.
 */
export function readableItems<T>(
  schema: z.ZodType<T>,
  entity: string,
  items: readonly Record<string, unknown>[],
  select: (item: Record<string, unknown>) => unknown = (item) => item,
): T[] {
  return items.flatMap((item) => {
    const parsed = schema.safeParse(select(item));
    if (parsed.success) return [parsed.data];
    reportUnreadableItem({
      entity,
      key: { pk: String(item.pk), sk: String(item.sk) },
      issues: describeIssues(parsed.error),
    });
    return [];
  });
}

/**
 * Thrown when the one item a read asked for cannot be parsed: the caller gets a 500 (the item needs
 * repair, and retrying will not help), the log gets its key and failing fields.
 */
export class UnreadableStoredItem extends Error {
  constructor(readonly item: UnreadableItem) {
    super(
      `The stored ${item.entity} ${item.key.pk} ${item.key.sk} matches no read schema: ${item.issues
        .map((issue) => `${issue.pointer || '/'} ${issue.code}`)
        .join(', ')}`,
    );
    this.name = 'UnreadableStoredItem';
  }
}
