import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ValidationFailed } from '#shared/errors.ts';
import { suggestColumns } from '#shared/imports/csv-mapping.ts';
import { readImportMapFile } from '#shared/imports/import-map-file.ts';
import { importBatching, runImportBatches } from '#shared/imports/import-batches.ts';
import { ImportReport } from '#shared/imports/import-report.ts';
import { maxRowsPerBatch, type ImportMapping, type ImportRowsResponse } from '#shared/imports/import.schema.ts';
import { connect, isTransientFailure, type ApiClient } from './api-client.ts';
import { csvBatches } from './csv-batches.ts';
import { importSummary } from './import-report.ts';

const usage = `Usage: npm run import -- <file.csv> [options]
  --type TYPE        contacts (default) or companies
  --api URL          Relay API base URL (default http://127.0.0.1:3000, the local stack)
  --token TOKEN      bearer token (default: RELAY_TOKEN, or the local marketing dev token)
  --concurrency N    batches in flight (default 4)
  --batch-size N     rows per request (default 25, at most 100): small enough to finish well within
                     the API's 30 s even on a loaded stack
  --report FILE      write the full report, with every rejected row and warning, as JSON
  --dry-run          report what would be created, updated, unchanged and rejected; write nothing
  --map FILE         a YAML or JSON file: columns (column: field, custom.<name> or ignore), stages
                     (label: Relay stage), dateOrder (month-first or day-first), source (the CRM)
Exports of HubSpot, Salesforce, Mautic and Twenty are recognised by their header and read as such.
Contact columns: email (required), firstName, lastName, phone, jobTitle, company, country, timeZone,
lifecycleStage, owner (a Relay owner's email, name or id), createdAt (the original creation date),
tags (separated by ;), custom.<name> for custom fields.
Company columns: name, domain (required), industry, size, country, annualRevenue, owner, tags, custom.<name>.`;

export const importTypes = ['contacts', 'companies'] as const;
export type ImportType = (typeof importTypes)[number];

/**
 * Streams the file through POST /imports/<type>, `concurrency` batches of `batchSize` rows at a time,
 * as the console does (runImportBatches: deferred rows sent again, failed requests retried with backoff).
 * Throws when a batch is refused or keeps failing, after the batches in flight have finished.
 */
export async function importCsv(
  path: string,
  api: ApiClient,
  options: {
    type: ImportType;
    concurrency: number;
    /** Rows per request (default 25, at most maxRowsPerBatch). */
    batchSize?: number;
    dryRun?: boolean;
    mapping?: ImportMapping;
    onProgress?: (bytesRead: number, totalBytes: number, report: ImportReport) => void;
  },
): Promise<ImportReport> {
  const report = new ImportReport(options.dryRun ?? false);
  const batchSize = Math.min(maxRowsPerBatch, Math.max(1, options.batchSize ?? importBatching.batchSize));
  const run = await runImportBatches(
    csvBatches(path, batchSize, (read, total) => options.onProgress?.(read, total, report)),
    {
      report,
      concurrency: options.concurrency,
      // Retried by runImportBatches (and only there), so a failing request is not retried twice over.
      send: (rows) =>
        api.send<ImportRowsResponse>(
          'POST',
          `/imports/${options.type}`,
          {
            rows,
            ...(options.dryRun ? { dryRun: true } : {}),
            ...(options.mapping ? { mapping: options.mapping } : {}),
          },
          { retry: false },
        ),
      isRetryable: isTransientFailure,
    },
  );
  if (run.status === 'failed') throw run.error;
  return report;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      type: { type: 'string', default: 'contacts' },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      concurrency: { type: 'string', default: String(importBatching.concurrency) },
      'batch-size': { type: 'string', default: String(importBatching.batchSize) },
      report: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      map: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (values.help || !file) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const type = values.type as ImportType;
  if (!importTypes.includes(type)) {
    console.error(`--type must be one of ${importTypes.join(', ')}\n\n${usage}`);
    process.exit(2);
  }
  const mapping = values.map ? readMapFile(values.map, type) : undefined;
  const dryRun = values['dry-run'];
  const api = await connect(values.api, values.token, 'marketing');
  const bar = new cliProgress.SingleBar(
    {
      format: `${dryRun ? 'Dry run' : 'Importing'} [{bar}] {percentage}% | {rows} rows | {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
  const report = await importCsv(file, api, {
    type,
    concurrency: Math.max(1, Number(values.concurrency) || importBatching.concurrency),
    batchSize: Number(values['batch-size']) || importBatching.batchSize,
    dryRun,
    ...(mapping ? { mapping } : {}),
    onProgress: (read, total, progress) =>
      bar.update(Math.floor((read / Math.max(total, 1)) * 100), { rows: progress.rows, ...progress.counts }),
  });
  bar.update(100, { rows: report.rows, ...report.counts });
  bar.stop();
  console.log(importSummary(report));
  if (values.report) writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
}

/** The --map file, checked before anything is sent (so a typo in a field name stops the import at once). */
function readMapFile(path: string, type: ImportType): ImportMapping {
  try {
    const mapping = readImportMapFile(readFileSync(path, 'utf8'));
    suggestColumns([], type, mapping);
    return mapping;
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    const details = error.errors.map((e) => `\n  ${e.pointer || '(file)'} ${e.message}`).join('');
    console.error(`${path}: ${error.message}${details}`);
    process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`Import failed: ${error.message}`);
    process.exit(1);
  });
}
