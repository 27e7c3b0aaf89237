import { describe, expect, it } from 'vitest';
import type { CsvRow } from '#shared/imports/csv-records.ts';
import {
  ImportStalled,
  importBatching,
  inBatches,
  retryBackoffMs,
  runImportBatches,
  type ImportBatchOptions,
} from '#shared/imports/import-batches.ts';
import { ImportReport } from '#shared/imports/import-report.ts';
import type { ImportRowsResponse, RowResult } from '#shared/imports/import.schema.ts';

const rowsFrom = (count: number): CsvRow[] =>
  Array.from({ length: count }, (_, i) => ({ row: i + 2, fields: { Email: `person${i}@example.com` } }));

const answer = (results: RowResult[]): ImportRowsResponse => ({
  results,
  ignoredColumns: [],
  columns: [{ column: 'Email', field: 'email', confidence: 'medium', reason: 'the name says email' }],
  dryRun: false,
});

/** The API as a fake: every row created, except rows it is told to reject. */
const createdUnless =
  (rejectedLines: number[] = []) =>
  (rows: CsvRow[]): ImportRowsResponse =>
    answer(
      rows.map((r) =>
        rejectedLines.includes(r.row)
          ? { row: r.row, outcome: 'rejected', errors: [{ pointer: '/email', message: 'not an email' }] }
          : { row: r.row, outcome: 'created' },
      ),
    );

class Refused extends Error {
  constructor(readonly status: number) {
    super(`answered ${status}`);
  }
}
const isRetryable = (error: unknown) => error instanceof Refused && (error.status === 429 || error.status >= 500);

/** Records every request's rows; waits are recorded, not slept. */
function harness(overrides: Partial<ImportBatchOptions> & Pick<ImportBatchOptions, 'send'>) {
  const sent: number[][] = [];
  const waits: number[] = [];
  const options: ImportBatchOptions = {
    report: new ImportReport(),
    isRetryable,
    backoffMs: (attempt) => 100 * 2 ** attempt,
    delay: async (ms) => void waits.push(ms),
    ...overrides,
    send: (rows) => {
      sent.push(rows.map((r) => r.row));
      return overrides.send(rows);
    },
  };
  return { sent, waits, options };
}

describe('runImportBatches', () => {
  it('sends each batch once, at most `concurrency` at a time, and adds up every answer', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const { sent, options } = harness({
      concurrency: 4,
      send: async (rows) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return createdUnless([9, 30])(rows);
      },
    });
    const progress: number[] = [];
    const run = await runImportBatches(inBatches(rowsFrom(230), 25), {
      ...options,
      onAnswer: (_, report) => progress.push(report.rows),
    });
    expect(run.status).toBe('complete');
    expect(run.report.counts).toEqual({ created: 228, updated: 0, unchanged: 0, rejected: 2 });
    expect(run.report.rejected.map((r) => r.row)).toEqual([9, 30]);
    expect(sent).toHaveLength(10);
    expect(sent.flat().sort((a, b) => a - b)).toEqual(rowsFrom(230).map((r) => r.row));
    expect(mostInFlight).toBe(4);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(230);
  });

  it('sends again the rows the API deferred, and only those', async () => {
    const { sent, options } = harness({
      send: async (rows) =>
        answer(rows.map((r, i) => ({ row: r.row, outcome: rows.length > 2 && i >= 2 ? 'deferred' : 'created' }))),
    });
    const run = await runImportBatches([rowsFrom(5)], options);
    expect(sent).toEqual([[2, 3, 4, 5, 6], [4, 5, 6], [6]]);
    expect(run).toMatchObject({ status: 'complete', report: { counts: { created: 5 } } });
  });

  it('retries a network failure or a 5xx with growing waits, and never resends a batch that succeeded', async () => {
    const failures = [new TypeError('fetch failed'), new Refused(503)];
    const { sent, waits, options } = harness({
      isRetryable: (error) => error instanceof TypeError || isRetryable(error),
      send: async (rows) => {
        if (rows[0]?.row === 27 && failures.length) throw failures.shift();
        return createdUnless()(rows);
      },
      concurrency: 1,
    });
    const run = await runImportBatches(inBatches(rowsFrom(50), 25), options);
    expect(run.status).toBe('complete');
    expect(run.report.counts.created).toBe(50);
    expect(sent.map((batch) => batch[0])).toEqual([2, 27, 27, 27]);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up on a request after `retries` retries and sends nothing after it', async () => {
    const { sent, waits, options } = harness({
      retries: 2,
      concurrency: 1,
      send: async (rows) => {
        if (rows[0]?.row === 27) throw new Refused(500);
        return createdUnless()(rows);
      },
    });
    const run = await runImportBatches(inBatches(rowsFrom(100), 25), options);
    expect(run.status).toBe('failed');
    expect(run.error).toEqual(new Refused(500));
    expect(sent.map((batch) => batch[0])).toEqual([2, 27, 27, 27]);
    expect(waits).toEqual([100, 200]);
    expect(run.report.rows).toBe(25);
  });

  it('stops at a refusal (a 4xx problem) without retrying it, letting the requests in flight finish', async () => {
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { sent, waits, options } = harness({
      concurrency: 2,
      send: async (rows) => {
        if (rows[0]?.row === 2) {
          await slow;
          return createdUnless()(rows);
        }
        setTimeout(release, 5);
        throw new Refused(403);
      },
    });
    const run = await runImportBatches(inBatches(rowsFrom(100), 25), options);
    expect(run).toMatchObject({ status: 'failed', error: new Refused(403) });
    expect(sent.map((batch) => batch[0])).toEqual([2, 27]);
    expect(waits).toEqual([]);
    expect(run.report.counts.created).toBe(25);
  });

  it('cancels: no batch, retry or deferred row is sent after the signal, and answered rows are kept', async () => {
    const cancel = new AbortController();
    const { sent, options } = harness({
      concurrency: 1,
      signal: cancel.signal,
      send: async (rows) => createdUnless()(rows),
      onAnswer: (_, report) => {
        if (report.rows === 50) cancel.abort();
      },
    });
    const run = await runImportBatches(inBatches(rowsFrom(200), 25), options);
    expect(run.status).toBe('cancelled');
    expect(sent).toHaveLength(2);
    expect(run.report.rows).toBe(50);
  });

  it('cuts a retry wait short when cancelled', async () => {
    const cancel = new AbortController();
    const started = Date.now();
    const run = await runImportBatches([rowsFrom(3)], {
      report: new ImportReport(),
      isRetryable,
      signal: cancel.signal,
      backoffMs: () => 60_000,
      send: async () => {
        setTimeout(() => cancel.abort(), 10);
        throw new Refused(502);
      },
    });
    expect(run.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a run cancelled before it began as cancelled, having sent nothing', async () => {
    const { sent, options } = harness({ signal: AbortSignal.abort(), send: async (rows) => createdUnless()(rows) });
    expect((await runImportBatches(inBatches(rowsFrom(10), 25), options)).status).toBe('cancelled');
    expect(sent).toEqual([]);
  });

  it('stops when the API keeps deferring every row (no progress), after the retries', async () => {
    const { sent, options } = harness({
      retries: 2,
      send: async (rows) => answer(rows.map((r) => ({ row: r.row, outcome: 'deferred' }))),
    });
    const run = await runImportBatches([rowsFrom(3)], options);
    expect(run.status).toBe('failed');
    expect(run.error).toBeInstanceOf(ImportStalled);
    expect(sent).toHaveLength(3);
  });

  it('passes on a failure to read the file, after the requests in flight', async () => {
    async function* broken() {
      yield rowsFrom(2);
      throw new Error('Invalid Closing Quote at line 5');
    }
    const { sent, options } = harness({ send: async (rows) => createdUnless()(rows) });
    await expect(runImportBatches(broken(), options)).rejects.toThrow('Invalid Closing Quote');
    expect(sent).toHaveLength(1);
  });
});

describe('the batching the CLI and the console share', () => {
  it('is 25 rows, four requests at a time, five retries', () => {
    expect(importBatching).toEqual({ batchSize: 25, concurrency: 4, retries: 5 });
    expect([...inBatches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect(retryBackoffMs(0, () => 0)).toBe(200);
    expect(retryBackoffMs(3, () => 1)).toBe(1_700);
  });
});
