import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../cli/api-client.ts';
import { importCsv } from '../cli/import.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { writeContactsCsv } from '../test/support/csv-fixtures.ts';
import { round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface CsvImportFigure {
  rows: number;
  /** First import (creates and merges) and the re-run (every row unchanged), rows per second. */
  importRowsPerSecond: number;
  rerunRowsPerSecond: number;
  dryRunRowsPerSecond: number;
}

/**
 * `npm run import` of a generated contacts file (5% bad rows, 10% duplicates) against the local
 * stack: a dry run, the import and a re-run, each checked for exactly the expected counts (the
 * 10,000-row run the e2e test no longer repeats at 1,000).
 */
export async function measureCsvImport(rows: number, store?: BenchStore): Promise<CsvImportFigure> {
  const runtime = await startLocalRuntime({ apiPort: 0, dynamoDbPort: 0, sesPort: 0, timeScale: 1, ...store });
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'relay-bench-import-')), 'contacts.csv');
    const expected = writeContactsCsv(file, rows, { bom: true, lineEnd: '\r\n' });
    const api = await connect(runtime.apiUrl, runtime.devTokens.marketing, 'marketing');
    const timed = async (dryRun: boolean, want: Record<string, number>) => {
      const started = performance.now();
      const report = await importCsv(file, api, { type: 'contacts', concurrency: 4, dryRun });
      const seconds = (performance.now() - started) / 1000;
      if (JSON.stringify(report.counts) !== JSON.stringify(want))
        throw new Error(`Import of ${rows} rows gave ${JSON.stringify(report.counts)}, not ${JSON.stringify(want)}`);
      return round(rows / seconds);
    };
    const dryRunRowsPerSecond = await timed(true, expected);
    const importRowsPerSecond = await timed(false, expected);
    const unchanged = rows - expected.rejected;
    const rerunRowsPerSecond = await timed(false, { created: 0, updated: 0, unchanged, rejected: expected.rejected });
    return { rows, importRowsPerSecond, rerunRowsPerSecond, dryRunRowsPerSecond };
  } finally {
    await runtime.stop();
  }
}
