import * as z from 'zod';
import { ValidationFailed } from '../errors.ts';

/**
 * A k-way merge of several newest-first streams into one newest-first listing, paged with one opaque
 * cursor that remembers where each stream stands. Pure: each stream is read through its `fetch`.
 *
 * Every stream orders its items by `position` (a string, descending, unique within the stream); the
 * merged order is position descending, ties between streams broken by the order `sources` are given
 * in. Streams whose positions start with an ISO-8601 UTC time therefore merge into time order.
 */
export interface MergeSource<T> {
  /** Stable name of the stream, kept in the cursor. */
  name: string;
  /**
   * Up to `limit` items strictly after `after` (from the newest when undefined), newest first, and
   * the position to resume after when more may remain (absent when the stream has no more). A page
   * may hold fewer items than asked, even none, and still have more (a filtered query).
   */
  fetch(after: string | undefined, limit: number): Promise<SourcePage<T>>;
}

export interface SourcePage<T> {
  items: { position: string; value: T }[];
  resumeAfter?: string;
}

/** Where each stream stands: absent = not started, a position = continue after it, `done` = exhausted. */
export type MergeState = Map<string, string | typeof exhausted>;
export const exhausted = Symbol('exhausted');

export interface MergedPage<T> {
  items: T[];
  /** Absent when every stream is exhausted. */
  state?: MergeState;
}

interface Stream<T> {
  source: MergeSource<T>;
  rank: number;
  /** The position the buffer follows (the last item taken, or where the buffer was fetched from). */
  after: string | undefined;
  buffer: { position: string; value: T }[];
  /** Queries made of it on this page: each refill of a stream that ran dry asks for twice as many. */
  fetches: number;
  /** What the stream does when its buffer runs dry: fetch from `after`, resume after its last page, or nothing. */
  next: { kind: 'fetch' | 'resume'; after: string | undefined } | { kind: 'exhausted' };
}

/**
 * The next `limit` items of the merged listing after `state`. Each stream is queried once for up to
 * `limit` items; one that runs dry while it may hold more is queried again for twice as many (up to
 * 100), within `fetchBudget` queries in all, and when the budget is spent the page ends early (its
 * cursor still moves on, so a page may hold fewer than `limit` while more follow).
 */
export async function mergeNewestFirst<T>(
  sources: readonly MergeSource<T>[],
  state: MergeState,
  limit: number,
  fetchBudget = sources.length * 2,
): Promise<MergedPage<T>> {
  const streams: Stream<T>[] = sources.map((source, rank) => {
    const at = state.get(source.name);
    return {
      source,
      rank,
      after: typeof at === 'string' ? at : undefined,
      buffer: [],
      fetches: 0,
      next:
        at === exhausted ? { kind: 'exhausted' } : { kind: 'fetch', after: typeof at === 'string' ? at : undefined },
    };
  });
  const items: T[] = [];
  let fetches = 0;
  while (items.length < limit) {
    const starving = streams.filter((stream) => stream.buffer.length === 0 && stream.next.kind !== 'exhausted');
    if (starving.length > 0) {
      if (fetches + starving.length > fetchBudget) break;
      fetches += starving.length;
      await Promise.all(starving.map((stream) => refill(stream, limit)));
      continue;
    }
    let best: Stream<T> | undefined;
    for (const stream of streams) {
      const head = stream.buffer[0];
      if (!head) continue;
      const bestHead = best?.buffer[0];
      if (!bestHead || head.position > bestHead.position) best = stream;
    }
    const taken = best?.buffer.shift();
    if (!best || !taken) break;
    best.after = taken.position;
    items.push(taken.value);
  }
  const next: MergeState = new Map();
  for (const stream of streams) {
    const at =
      stream.buffer.length > 0 ? stream.after : stream.next.kind === 'exhausted' ? exhausted : stream.next.after;
    if (at !== undefined) next.set(stream.source.name, at);
  }
  const done = streams.every((stream) => next.get(stream.source.name) === exhausted);
  return { items, ...(done ? {} : { state: next }) };
}

/** The most a refill asks a stream for (unless the page itself is bigger). */
const maxFetch = 100;

async function refill<T>(stream: Stream<T>, limit: number): Promise<void> {
  if (stream.next.kind === 'exhausted') return;
  const from = stream.next.after;
  // A stream that comes back short while it has more is filtered: reading further at once saves queries.
  const page = await stream.source.fetch(from, Math.min(Math.max(limit, maxFetch), limit * 2 ** stream.fetches));
  stream.fetches++;
  stream.after = from;
  stream.buffer = [...page.items];
  stream.next = page.resumeAfter !== undefined ? { kind: 'resume', after: page.resumeAfter } : { kind: 'exhausted' };
}

const CursorShape = z.strictObject({
  v: z.literal(1),
  /** What the listing is of (a contact id): a cursor of one listing is refused by another. */
  of: z.string(),
  /** Per stream: 0 = not started, 1 = exhausted, a string = continue after that position. */
  at: z.record(z.string(), z.union([z.literal(0), z.literal(1), z.string().min(1).max(1024)])),
});

/** The opaque cursor of a merged listing of `of`, naming every stream so none is forgotten on the next page. */
export function encodeMergeCursor(of: string, streams: readonly string[], state: MergeState): string {
  const at = Object.fromEntries(
    streams.map((name) => {
      const position = state.get(name);
      return [name, position === undefined ? 0 : position === exhausted ? 1 : position];
    }),
  );
  return Buffer.from(JSON.stringify({ v: 1, of, at })).toString('base64url');
}

/**
 * The streams a cursor names and where each stands; refuses (400, pointer /cursor) a cursor that is
 * not one this listing of `of` returned, names a stream `isStream` does not accept, or a position
 * `isPosition` does not.
 */
export function decodeMergeCursor(
  cursor: string,
  of: string,
  isStream: (name: string) => boolean,
  isPosition: (name: string, position: string) => boolean,
): { streams: string[]; state: MergeState } {
  const invalid = new ValidationFailed('The cursor is not valid for this listing.', [
    { pointer: '/cursor', message: 'not a cursor returned by this listing' },
  ]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const parsed = CursorShape.safeParse(decoded);
  if (!parsed.success || parsed.data.of !== of) throw invalid;
  const entries = Object.entries(parsed.data.at);
  if (entries.length === 0) throw invalid;
  const state: MergeState = new Map();
  for (const [name, at] of entries) {
    if (!isStream(name)) throw invalid;
    if (typeof at === 'string' && !isPosition(name, at)) throw invalid;
    if (at !== 0) state.set(name, at === 1 ? exhausted : at);
  }
  return { streams: entries.map(([name]) => name), state };
}
