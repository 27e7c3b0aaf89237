import type { CsvRow } from './csv-records.ts';
import { ImportReport } from './import-report.ts';
import type { ImportRowsResponse } from './import.schema.ts';

/**
 * How a file goes through `POST /imports/<type>`, the same from the CLI and the console: batches of 25
 * rows (small enough for a loaded stack to finish well within the API's 30 s; the API takes at most
 * 100), four at a time, and a failed request (network, throttling, 5xx) tried again up to five times,
 * waiting longer each time.
 */
export const importBatching = { batchSize: 25, concurrency: 4, retries: 5 } as const;

/** The rows in batches of `size`, in file order. */
export function* inBatches<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/** 200 ms, 400 ms, 800 ms... with up to 100 ms of jitter, so clients that failed together do not retry together. */
export const retryBackoffMs = (attempt: number, random: () => number = Math.random) =>
  200 * 2 ** attempt + random() * 100;

/** A wait that ends early when `signal` aborts (a cancelled import does not sit out its backoff). */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The API answered every row of a request `deferred`, again and again: it is making no progress. */
export class ImportStalled extends Error {
  constructor(readonly rows: number) {
    super(`The API handed back all ${rows} rows of a batch unanswered, ${importBatching.retries + 1} times`);
    this.name = 'ImportStalled';
  }
}

export interface ImportBatchOptions {
  /** Sends one request's rows (with the run's dryRun and mapping) and returns the API's answer, or throws. */
  send: (rows: CsvRow[]) => Promise<ImportRowsResponse>;
  /** Whether a thrown failure may succeed if sent again (network, 429, 5xx); anything else stops the run. */
  isRetryable: (error: unknown) => boolean;
  report: ImportReport;
  concurrency?: number;
  /** Retries of one request before the run stops. */
  retries?: number;
  /** Cancels the run: no further batch, retry or deferred row is sent; requests in flight finish. */
  signal?: AbortSignal;
  /** Called after every answer, with the report so far (for a progress bar). */
  onAnswer?: (response: ImportRowsResponse, report: ImportReport) => void;
  backoffMs?: (attempt: number) => number;
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ImportRun {
  /**
   * complete: every row was answered. cancelled: the signal stopped it with rows unsent. failed: a request
   * was refused (a 4xx problem: sending it again would not help) or kept failing; the rows after it were
   * not sent.
   */
  status: 'complete' | 'cancelled' | 'failed';
  /** What stopped a failed run (the last failure of that request). */
  error?: unknown;
  report: ImportReport;
}

/**
 * Sends batches of rows to the import API, `concurrency` requests at a time, and adds every answer to
 * the report. Rows the API hands back `deferred` (its time ran out before them) are sent again, and
 * only they: a row that was answered is never sent twice by this loop. A request that fails with a
 * retryable error is sent again after a growing wait, up to `retries` times; once a request fails for
 * good, or the signal aborts, no further request starts and the ones in flight finish. Never rejects:
 * failures come back in the run.
 */
export async function runImportBatches(
  batches: Iterable<CsvRow[]> | AsyncIterable<CsvRow[]>,
  options: ImportBatchOptions,
): Promise<ImportRun> {
  const { report, send, isRetryable } = options;
  const retries = options.retries ?? importBatching.retries;
  const backoffMs = options.backoffMs ?? ((attempt: number) => retryBackoffMs(attempt));
  const delay = options.delay ?? abortableDelay;
  const stop = new AbortController();
  const cancel = () => stop.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();
  let failure: { error: unknown } | undefined;
  let rowsLeftUnsent = false;

  const sendBatch = async (rows: CsvRow[]): Promise<void> => {
    let pending = rows;
    let failures = 0;
    while (pending.length) {
      if (stop.signal.aborted) {
        rowsLeftUnsent = true;
        return;
      }
      let response: ImportRowsResponse;
      try {
        response = await send(pending);
      } catch (error) {
        if (!isRetryable(error) || failures >= retries) {
          failure ??= { error };
          rowsLeftUnsent = true;
          return cancel();
        }
        await delay(backoffMs(failures++), stop.signal);
        continue;
      }
      report.add(response);
      options.onAnswer?.(response, report);
      const deferred = new Set(response.results.filter((r) => r.outcome === 'deferred').map((r) => r.row));
      const next = pending.filter((row) => deferred.has(row.row));
      if (next.length < pending.length) failures = 0;
      else if (failures >= retries) {
        failure ??= { error: new ImportStalled(pending.length) };
        rowsLeftUnsent = true;
        return cancel();
      } else await delay(backoffMs(failures++), stop.signal);
      pending = next;
    }
  };

  const inFlight = new Set<Promise<void>>();
  try {
    for await (const rows of batches) {
      if (stop.signal.aborted) {
        rowsLeftUnsent = true;
        break;
      }
      const sent = sendBatch(rows).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= Math.max(1, options.concurrency ?? importBatching.concurrency)) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
    options.signal?.removeEventListener('abort', cancel);
  }
  if (failure) return { status: 'failed', error: failure.error, report };
  return { status: rowsLeftUnsent ? 'cancelled' : 'complete', report };
}
