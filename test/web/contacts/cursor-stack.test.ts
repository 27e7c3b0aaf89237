// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  currentCursor,
  firstPage,
  hasPrevious,
  next,
  pageNumber,
  previous,
  useCursorStack,
} from '../../../web/src/lib/cursor-stack.ts';

describe('the cursor stack of a paged listing', () => {
  it('goes forward with each nextCursor and back to the cursor each earlier page was read with', () => {
    const second = next(firstPage, 'c2');
    const third = next(second, 'c3');
    expect([currentCursor(third), pageNumber(third), hasPrevious(third)]).toEqual(['c3', 3, true]);
    const back = previous(third);
    expect([currentCursor(back), pageNumber(back)]).toEqual(['c2', 2]);
    const start = previous(back);
    expect([currentCursor(start), pageNumber(start), hasPrevious(start)]).toEqual([undefined, 1, false]);
  });

  it('stays put with no next cursor (the last page) and before the first page', () => {
    expect(next(firstPage, undefined)).toBe(firstPage);
    expect(previous(firstPage)).toBe(firstPage);
  });

  it('starts again at the first page when the filters change (a cursor belongs to its query)', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorStack(key), { initialProps: { key: 'stage=lead' } });
    act(() => result.current.next('c2'));
    act(() => result.current.next('c3'));
    expect([result.current.cursor, result.current.page]).toEqual(['c3', 3]);
    act(() => result.current.previous());
    expect([result.current.cursor, result.current.page, result.current.hasPrevious]).toEqual(['c2', 2, true]);
    rerender({ key: 'stage=customer' });
    expect([result.current.cursor, result.current.page, result.current.hasPrevious]).toEqual([undefined, 1, false]);
    act(() => result.current.next('d2'));
    expect([result.current.cursor, result.current.page]).toEqual(['d2', 2]);
  });
});
