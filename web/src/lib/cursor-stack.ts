import { useCallback, useState } from 'react';

/**
 * Where a cursor-paged listing is: the opaque cursors of the pages before this one (the API's `nextCursor`
 * only goes forward, so Previous pops back to the cursor this page was read from). The first page has no cursor.
 */
export interface CursorStack {
  /** The cursor of each page read so far, the current page's last; `undefined` is the first page. */
  readonly cursors: readonly (string | undefined)[];
}

export const firstPage: CursorStack = { cursors: [undefined] };

/** The cursor to read the current page with. */
export function currentCursor(stack: CursorStack): string | undefined {
  return stack.cursors[stack.cursors.length - 1];
}

/** The 1-based number of the current page. */
export function pageNumber(stack: CursorStack): number {
  return stack.cursors.length;
}

export function hasPrevious(stack: CursorStack): boolean {
  return stack.cursors.length > 1;
}

/** On to the page `nextCursor` reads (the current page's `nextCursor`); no cursor, no next page. */
export function next(stack: CursorStack, nextCursor: string | undefined): CursorStack {
  return nextCursor ? { cursors: [...stack.cursors, nextCursor] } : stack;
}

/** Back to the page before; the first page stays where it is. */
export function previous(stack: CursorStack): CursorStack {
  return hasPrevious(stack) ? { cursors: stack.cursors.slice(0, -1) } : stack;
}

/**
 * The cursor stack of a listing whose filters are `key`: a change of filters starts again at the first page
 * (a cursor belongs to the query it came from).
 */
export function useCursorStack(key: string) {
  const [state, setState] = useState<{ key: string; stack: CursorStack }>({ key, stack: firstPage });
  const stack = state.key === key ? state.stack : firstPage;
  const goNext = useCallback(
    (nextCursor: string | undefined) => setState({ key, stack: next(stack, nextCursor) }),
    [key, stack],
  );
  const goPrevious = useCallback(() => setState({ key, stack: previous(stack) }), [key, stack]);
  return {
    cursor: currentCursor(stack),
    page: pageNumber(stack),
    hasPrevious: hasPrevious(stack),
    next: goNext,
    previous: goPrevious,
  };
}
