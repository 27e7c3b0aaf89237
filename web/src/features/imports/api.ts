import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CsvRow } from '#shared/imports/csv-records.ts';
import { importBatching, inBatches, runImportBatches } from '#shared/imports/import-batches.ts';
import { ImportReport } from '#shared/imports/import-report.ts';
import type { ImportMapping, ImportRowsResponse, RowResult } from '#shared/imports/import.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import type { CsvFile } from './csv-file';
import type { ImportEntity } from './mapping-draft';
import type { ImportOutcome } from './report-files';

/** How many of the file's first rows the preview (a dry run) plays through the API. */
export const previewRowCount = importBatching.batchSize;

/**
 * Whether a failed request may succeed if sent again: the network failed (fetch throws a TypeError; the
 * browser also reports API Gateway's own 429 and 503, which carry no CORS headers, that way), or the API
 * answered 429 or a 5xx. A 4xx problem is an answer: sending it again would get the same.
 */
export const isTransientFailure = (error: unknown): boolean =>
  error instanceof TypeError || (error instanceof ProblemError && (error.status === 429 || error.status >= 500));

type SendOptions = { dryRun: boolean; mapping: ImportMapping; signal?: AbortSignal };

/** POST /imports/contacts or /imports/companies with one batch of rows. */
function useImportSender(entity: ImportEntity) {
  const api = useApi();
  return useCallback(
    async (rows: CsvRow[], { dryRun, mapping, signal }: SendOptions): Promise<ImportRowsResponse> => {
      const init = { body: { rows, dryRun, mapping }, ...(signal ? { signal } : {}) };
      return dataOf(
        entity === 'contacts' ? await api.POST('/imports/contacts', init) : await api.POST('/imports/companies', init),
      );
    },
    [api, entity],
  );
}

export interface ImportPreview {
  /** One result per previewed row, by line: what the import would do with it. */
  results: RowResult[];
  report: ImportReport;
}

/**
 * The preview: a dry run of the file's first rows with the mapping on the screen, through the same
 * request the import sends (`dryRun: true`: the API reads and checks everything and writes nothing).
 * Keyed by the file and the mapping, so a change of mapping runs it again.
 */
export function useImportPreview(
  entity: ImportEntity,
  file: (CsvFile & { id: string }) | undefined,
  mapping: ImportMapping,
) {
  const send = useImportSender(entity);
  return useQuery({
    queryKey: ['imports', entity, 'dry-run', file?.id, mapping],
    enabled: file !== undefined,
    queryFn: async ({ signal }): Promise<ImportPreview> => {
      const results: RowResult[] = [];
      const run = await runImportBatches([(file?.rows ?? []).slice(0, previewRowCount)], {
        report: new ImportReport(true),
        signal,
        isRetryable: isTransientFailure,
        send: (rows) => send(rows, { dryRun: true, mapping, signal }),
        onAnswer: (response) => results.push(...response.results.filter((result) => result.outcome !== 'deferred')),
      });
      if (run.status === 'failed') throw run.error;
      return { results: results.sort((a, b) => a.row - b.row), report: run.report };
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export type ImportRunState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number; cancelling: boolean }
  | { phase: 'finished'; outcome: ImportOutcome };

/**
 * The import of a whole file: batches of 25 rows, four at a time, deferred rows sent again and failed
 * requests retried with backoff (runImportBatches, as the CLI sends them), with the rows done so far for
 * a progress bar. `cancel` stops further batches (those in flight finish and count); leaving the screen
 * cancels too.
 */
export function useImportRun(entity: ImportEntity) {
  const send = useImportSender(entity);
  const queryClient = useQueryClient();
  const [state, setState] = useState<ImportRunState>({ phase: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (file: CsvFile, mapping: ImportMapping) => {
      const cancel = new AbortController();
      controller.current = cancel;
      const total = file.rows.length;
      setState({ phase: 'running', done: 0, total, cancelling: false });
      const run = await runImportBatches(inBatches(file.rows, importBatching.batchSize), {
        report: new ImportReport(false),
        concurrency: importBatching.concurrency,
        signal: cancel.signal,
        isRetryable: isTransientFailure,
        send: (rows) => send(rows, { dryRun: false, mapping }),
        onAnswer: (_, report) => setState((now) => (now.phase === 'running' ? { ...now, done: report.rows } : now)),
      });
      setState({ phase: 'finished', outcome: { fileName: file.name, rowsInFile: total, run } });
      // What the lists and the preview showed has changed.
      void queryClient.invalidateQueries({ queryKey: [entity] });
      void queryClient.invalidateQueries({ queryKey: ['imports', entity] });
    },
    [entity, queryClient, send],
  );
  const cancel = useCallback(() => {
    controller.current?.abort();
    setState((now) => (now.phase === 'running' ? { ...now, cancelling: true } : now));
  }, []);
  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, cancel, reset };
}
