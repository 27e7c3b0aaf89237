import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { RowResult } from '#shared/imports/import.schema.ts';
import { maxRowsPerBatch } from '#shared/imports/import.schema.ts';
import { connect, type ApiClient } from './api-client.ts';
import { csvBatches } from './csv-batches.ts';
import { ImportReport } from './import-report.ts';

const usage = `Usage: npm run import -- <file.csv> [options]
  --type TYPE        contacts (default) or companies
  --api URL          Relay API base URL (default http://127.0.0.1:3000, the local stack)
  --token TOKEN      bearer token (default: RELAY_TOKEN, or the local marketing dev token)
  --concurrency N    batches in flight (default 4)
  --report FILE      write the full report, with every rejected row, as JSON
Contact columns: email (required), firstName, lastName, phone, jobTitle, company, country, timeZone,
lifecycleStage, ownerId, tags (separated by ;), custom.<name> for custom fields.
Company columns: name, domain (required), industry, size, country, annualRevenue, ownerId, tags, custom.<name>.`;

export const importTypes = ['contacts', 'companies'] as const;
export type ImportType = (typeof importTypes)[number];

/** Streams the file through POST /imports/<type>, `concurrency` batches at a time. */
export async function importCsv(
  path: string,
  api: ApiClient,
  options: {
    type: ImportType;
    concurrency: number;
    onProgress?: (bytesRead: number, totalBytes: number, report: ImportReport) => void;
  },
): Promise<ImportReport> {
  const report = new ImportReport();
  const inFlight = new Set<Promise<void>>();
  for await (const rows of csvBatches(path, maxRowsPerBatch, (read, total) =>
    options.onProgress?.(read, total, report),
  )) {
    const sent = api
      .post<{ results: RowResult[]; ignoredColumns: string[] }>(`/imports/${options.type}`, { rows })
      .then(({ results, ignoredColumns }) => report.add(results, ignoredColumns))
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return report;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      type: { type: 'string', default: 'contacts' },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      report: { type: 'string' },
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
  const api = await connect(values.api, values.token, 'marketing');
  const bar = new cliProgress.SingleBar(
    {
      format:
        'Importing [{bar}] {percentage}% | {rows} rows | {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected',
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
  const report = await importCsv(file, api, {
    type,
    concurrency: Math.max(1, Number(values.concurrency) || 4),
    onProgress: (read, total, progress) =>
      bar.update(Math.floor((read / Math.max(total, 1)) * 100), { rows: progress.rows, ...progress.counts }),
  });
  bar.update(100, { rows: report.rows, ...report.counts });
  bar.stop();
  console.log(report.summary());
  if (values.report) writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`Import failed: ${error.message}`);
    process.exit(1);
  });
}
