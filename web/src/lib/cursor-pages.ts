import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useMemo } from 'react';

/** One page of a cursor-paged listing, as every Relay list route answers it. */
export interface CursorPage<Item> {
  items: Item[];
  nextCursor?: string;
}

/**
 * The rows of the pages read so far, in order. A row a later page repeats (a record whose sort key changed
 * between two reads) is shown once, where it was first read, so each row keeps one place and one React key.
 */
export function mergePages<Item extends { id: string }>(pages: readonly CursorPage<Item>[]): Item[] {
  const seen = new Set<string>();
  const rows: Item[] = [];
  for (const page of pages)
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      rows.push(item);
    }
  return rows;
}

/** The cursor of the page after `page`; none when the listing has ended. */
export const nextPageCursor = (page: CursorPage<unknown>): string | undefined => page.nextCursor || undefined;

/**
 * What a person is told about the list: how many rows are loaded and whether the API has more. The API
 * gives no total for a listing, so none is guessed.
 */
export interface LoadedRows {
  loaded: number;
  more: boolean;
}

/**
 * `aria-rowcount` of a table with one header row: -1 (ARIA's "unknown") while the API has more pages,
 * then the exact number of rows.
 */
export const ariaRowCount = ({ loaded, more }: LoadedRows): number => (more ? -1 : loaded + 1);

/** `aria-rowindex` of the row at `index` (0-based) among the rows, after the header row (1). */
export const ariaRowIndex = (index: number): number => index + 2;

/**
 * Whether the list should read its next page now: the rows shown reach within `threshold` rows of the
 * last loaded one (an empty list counts as reaching its end), the API has more, nothing is being read,
 * and the last attempt did not fail (a failure waits for "Load more" instead of retrying in a loop).
 */
export function needsNextPage({
  lastShownIndex,
  loaded,
  threshold,
  hasNextPage,
  isFetching,
  failed,
}: {
  /** The index of the last row rendered (visible or overscan), -1 when none is. */
  lastShownIndex: number;
  loaded: number;
  threshold: number;
  hasNextPage: boolean;
  isFetching: boolean;
  failed: boolean;
}): boolean {
  return hasNextPage && !isFetching && !failed && lastShownIndex >= loaded - 1 - threshold;
}

/**
 * A cursor-paged listing read page by page as the reader goes down it (TanStack Query's infinite query):
 * `key` is the listing with its filters, so another filter is another list that starts at its first page.
 * Refetching on window focus is off: it would read every loaded page again, a hundred requests for
 * 10,000 rows, while the reader is in the middle of them.
 */
export function useCursorPages<Item extends { id: string }>(
  key: QueryKey,
  readPage: (cursor: string | undefined, signal: AbortSignal) => Promise<CursorPage<Item>>,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => readPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextPageCursor,
    refetchOnWindowFocus: false,
  });
  const pages = query.data?.pages;
  const rows = useMemo(() => (pages ? mergePages(pages) : []), [pages]);
  // The same object while nothing changed, so a memoised table skips renders its parent does for other reasons.
  const more = query.hasNextPage;
  const loadedRows = useMemo((): LoadedRows => ({ loaded: rows.length, more }), [rows.length, more]);
  return { ...query, rows, loadedRows, pagesRead: pages?.length ?? 0 };
}
