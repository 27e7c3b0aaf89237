import type { Page } from '../db/pagination.ts';

/** Every item of a paged listing (for bounded catalogs, and the offline KPI rebuild). */
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
