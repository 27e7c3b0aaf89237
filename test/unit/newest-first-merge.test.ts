import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMergeCursor,
  encodeMergeCursor,
  mergeNewestFirst,
  type MergeSource,
} from '#shared/common/newest-first-merge.ts';
import { ValidationFailed } from '#shared/errors.ts';

interface Stored {
  position: string;
  /** Left out by the query's filter (a DynamoDB FilterExpression: read, counted against Limit, not returned). */
  hidden: boolean;
}

/**
 * A stream over stored items as DynamoDB pages them: newest first, at most `limit` items read per query
 * (fewer when `readCap` stops it early, like the 1 MB limit), filtered ones read but not returned, and the
 * last item read as where to resume when more remain.
 */
function storedStream(
  name: string,
  stored: Stored[],
  readCap: number,
  queries: { count: number },
): MergeSource<string> {
  const newestFirst = [...stored].sort((a, b) => (a.position < b.position ? 1 : -1));
  return {
    name,
    fetch: async (after, limit) => {
      queries.count++;
      const rest = newestFirst.filter((item) => after === undefined || item.position < after);
      const read = rest.slice(0, Math.min(limit, readCap));
      const last = read.at(-1);
      return {
        items: read
          .filter((item) => !item.hidden)
          .map((item) => ({ position: item.position, value: `${name}/${item.position}` })),
        ...(last && rest.length > read.length ? { resumeAfter: last.position } : {}),
      };
    },
  };
}

const position = fc.integer({ min: 0, max: 60 }).map((n) => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`);
const aStream = fc.record({
  stored: fc.uniqueArray(fc.record({ position, hidden: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) }), {
    selector: (item) => item.position,
    maxLength: 25,
  }),
  readCap: fc.integer({ min: 1, max: 30 }),
});

describe('the newest-first k-way merge', () => {
  it('pages through every stream in merged order: nothing skipped, nothing repeated, at most `limit` a page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(aStream, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 12 }),
        async (streams, limit) => {
          const names = streams.map((_, index) => `s${index}`);
          const queries = { count: 0 };
          const sources = streams.map((stream, index) =>
            storedStream(names[index] ?? '', stream.stored, stream.readCap, queries),
          );
          // The simple merge: everything visible, sorted by position (newest first), ties in stream order.
          const expected = streams
            .flatMap((stream, rank) =>
              stream.stored.filter((item) => !item.hidden).map((item) => ({ ...item, rank, name: names[rank] })),
            )
            .sort((a, b) => (a.position === b.position ? a.rank - b.rank : a.position < b.position ? 1 : -1))
            .map((item) => `${item.name}/${item.position}`);

          const seen: string[] = [];
          let cursor: string | undefined;
          for (let page = 0; ; page++) {
            expect(page).toBeLessThan(500);
            const state = cursor
              ? decodeMergeCursor(
                  cursor,
                  'contact-1',
                  (name) => names.includes(name),
                  () => true,
                ).state
              : new Map();
            const before = queries.count;
            const result = await mergeNewestFirst(sources, state, limit);
            expect(result.items.length).toBeLessThanOrEqual(limit);
            expect(queries.count - before).toBeLessThanOrEqual(sources.length * 2);
            seen.push(...result.items);
            if (!result.state) break;
            cursor = encodeMergeCursor('contact-1', names, result.state);
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills a page to `limit` while the streams hold enough and none comes back short', async () => {
    const queries = { count: 0 };
    const at = (n: number) => `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`;
    const sources = [
      storedStream(
        'a',
        [0, 2, 4, 6].map((n) => ({ position: at(n), hidden: false })),
        100,
        queries,
      ),
      storedStream(
        'b',
        [1, 3, 5].map((n) => ({ position: at(n), hidden: false })),
        100,
        queries,
      ),
    ];
    const first = await mergeNewestFirst(sources, new Map(), 3);
    expect(first.items).toEqual([`a/${at(6)}`, `b/${at(5)}`, `a/${at(4)}`]);
    expect(queries.count).toBe(2);
    const second = await mergeNewestFirst(sources, first.state ?? new Map(), 10);
    expect(second.items).toEqual([`b/${at(3)}`, `a/${at(2)}`, `b/${at(1)}`, `a/${at(0)}`]);
    expect(second.state).toBeUndefined();
  });

  it('refuses a cursor of another listing, a stream it does not know, a bad position or garbage (400 at /cursor)', () => {
    const state = new Map([['a', '2026-01-01T00:00:00.000Z']]);
    const cursor = encodeMergeCursor('contact-1', ['a'], state);
    const accept = () => true;
    expect(decodeMergeCursor(cursor, 'contact-1', accept, accept).state).toEqual(state);
    const refusals = [
      () => decodeMergeCursor(cursor, 'contact-2', accept, accept),
      () => decodeMergeCursor(cursor, 'contact-1', (name) => name === 'b', accept),
      () => decodeMergeCursor(cursor, 'contact-1', accept, () => false),
      () => decodeMergeCursor('not-a-cursor', 'contact-1', accept, accept),
      () =>
        decodeMergeCursor(
          Buffer.from('{"v":1,"of":"contact-1","at":{}}').toString('base64url'),
          'contact-1',
          accept,
          accept,
        ),
    ];
    for (const refuse of refusals) {
      expect(refuse).toThrow(ValidationFailed);
      try {
        refuse();
      } catch (error) {
        expect((error as ValidationFailed).errors[0]?.pointer).toBe('/cursor');
      }
    }
  });
});
