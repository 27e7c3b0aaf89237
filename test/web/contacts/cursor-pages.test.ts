// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import {
  ariaRowCount,
  ariaRowIndex,
  mergePages,
  needsNextPage,
  nextPageCursor,
  useCursorPages,
  type CursorPage,
} from '../../../web/src/lib/cursor-pages.ts';

const row = (id: string) => ({ id });

/**
 * A listing as the API pages it: newest first, `limit` rows a request, an opaque cursor while more follow.
 * Every read is recorded with its filter and cursor.
 */
function listing(rowsByFilter: Record<string, { id: string }[]>, limit: number) {
  const reads: { filter: string; cursor: string | undefined }[] = [];
  const readPage =
    (filter: string) =>
    async (cursor: string | undefined): Promise<CursorPage<{ id: string }>> => {
      reads.push({ filter, cursor });
      const rows = rowsByFilter[filter] ?? [];
      const start = cursor ? Number(cursor.replace('after-', '')) : 0;
      const end = start + limit;
      return { items: rows.slice(start, end), ...(end < rows.length ? { nextCursor: `after-${end}` } : {}) };
    };
  return { reads, readPage };
}

function withQueryClient() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client }, children);
}

describe('the pages of a cursor-paged list', () => {
  it('are one list in the order read; a row a later page repeats keeps its first place', () => {
    const pages = [
      { items: [row('c'), row('b')], nextCursor: 'x' },
      { items: [row('b'), row('a')], nextCursor: 'y' },
      { items: [] },
    ];
    expect(mergePages(pages).map((contact) => contact.id)).toEqual(['c', 'b', 'a']);
    expect(mergePages([])).toEqual([]);
    expect([nextPageCursor(pages[0] as CursorPage<unknown>), nextPageCursor(pages[2] as CursorPage<unknown>)]).toEqual([
      'x',
      undefined,
    ]);
  });

  it('tell screen readers the size only once it is known, and each row its place after the header', () => {
    expect(ariaRowCount({ loaded: 1200, more: true })).toBe(-1);
    expect(ariaRowCount({ loaded: 1234, more: false })).toBe(1235);
    expect(ariaRowCount({ loaded: 0, more: false })).toBe(1);
    expect([ariaRowIndex(0), ariaRowIndex(9999)]).toEqual([2, 10001]);
  });

  it('read the next page when the rows shown near the loaded end, once at a time, not after a failure', () => {
    const near = { loaded: 100, threshold: 20, hasNextPage: true, isFetching: false, failed: false };
    expect(needsNextPage({ ...near, lastShownIndex: 78 })).toBe(false);
    expect(needsNextPage({ ...near, lastShownIndex: 79 })).toBe(true);
    expect(needsNextPage({ ...near, lastShownIndex: 99 })).toBe(true);
    expect(needsNextPage({ ...near, lastShownIndex: 99, hasNextPage: false })).toBe(false);
    expect(needsNextPage({ ...near, lastShownIndex: 99, isFetching: true })).toBe(false);
    expect(needsNextPage({ ...near, lastShownIndex: 99, failed: true })).toBe(false);
    // A saved view's page may hold no member while more follow: an empty list reads on.
    expect(needsNextPage({ ...near, loaded: 0, lastShownIndex: -1 })).toBe(true);
  });
});

describe('useCursorPages', () => {
  const contacts = Array.from({ length: 7 }, (_, index) => row(`contact-${index}`));
  const customers = [row('contact-2'), row('contact-5'), row('contact-6')];

  it('adds page after page with each nextCursor, counts what is loaded, and ends where the API ends', async () => {
    const { reads, readPage } = listing({ all: contacts }, 3);
    const { result } = renderHook(() => useCursorPages(['contacts', 'all'], readPage('all')), {
      wrapper: withQueryClient(),
    });
    await waitFor(() => expect(result.current.loadedRows).toEqual({ loaded: 3, more: true }));
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.loadedRows).toEqual({ loaded: 6, more: true }));
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.loadedRows).toEqual({ loaded: 7, more: false }));
    expect(result.current.rows.map((contact) => contact.id)).toEqual(contacts.map((contact) => contact.id));
    expect(result.current.pagesRead).toBe(3);
    expect(reads).toEqual([
      { filter: 'all', cursor: undefined },
      { filter: 'all', cursor: 'after-3' },
      { filter: 'all', cursor: 'after-6' },
    ]);
  });

  it('starts again from the first page of another filter (a cursor belongs to its query)', async () => {
    const { reads, readPage } = listing({ all: contacts, customer: customers }, 2);
    const { result, rerender } = renderHook(
      ({ filter }: { filter: string }) => useCursorPages(['contacts', filter], readPage(filter)),
      { wrapper: withQueryClient(), initialProps: { filter: 'all' } },
    );
    await waitFor(() => expect(result.current.loadedRows.loaded).toBe(2));
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.loadedRows).toEqual({ loaded: 4, more: true }));

    rerender({ filter: 'customer' });
    await waitFor(() => expect(result.current.rows.map((contact) => contact.id)).toEqual(['contact-2', 'contact-5']));
    expect(result.current.loadedRows).toEqual({ loaded: 2, more: true });
    expect(reads.at(-1)).toEqual({ filter: 'customer', cursor: undefined });
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.loadedRows).toEqual({ loaded: 3, more: false }));
    expect(reads.at(-1)).toEqual({ filter: 'customer', cursor: 'after-2' });
    // No cursor of one filter was ever sent with the other.
    expect(reads.filter((read) => read.filter === 'customer').map((read) => read.cursor)).toEqual([
      undefined,
      'after-2',
    ]);
  });
});
