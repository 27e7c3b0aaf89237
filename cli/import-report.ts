import { crmNames } from '#shared/imports/crm-formats.ts';
import type { ImportReport } from '#shared/imports/import-report.ts';
import type { RowResult } from '#shared/imports/import.schema.ts';

/** What the CLI prints at the end of an import: the counts, the CRM, the columns, the first rejected and warned rows. */
export function importSummary(report: ImportReport): string {
  const { created, updated, unchanged, rejected } = report.counts;
  const would = report.dryRun ? 'Dry run, nothing written: ' : '';
  const lines = [
    `${would}${report.rows} rows: ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected`,
  ];
  if (report.source) lines.push(`Read as a ${crmNames[report.source]} export.`);
  const mapped = report.columns.filter((column) => column.field !== 'ignore');
  if (mapped.length) lines.push(`Columns: ${mapped.map((c) => `${c.column} → ${c.field}`).join(', ')}`);
  if (report.ignoredColumns.size) lines.push(`Ignored columns: ${[...report.ignoredColumns].join(', ')}`);
  const describe = (row: RowResult, errors: RowResult['errors']) =>
    `  line ${row.row}: ${(errors ?? []).map((e) => `${e.pointer || '(row)'} ${e.message}`).join('; ')}`;
  for (const row of report.rejected.slice(0, 10)) lines.push(describe(row, row.errors));
  if (report.rejected.length > 10) lines.push(`  ... and ${report.rejected.length - 10} more (see --report)`);
  if (report.warned.length) {
    lines.push(`${report.warned.length} rows imported without some of their cells:`);
    for (const row of report.warned.slice(0, 10)) lines.push(describe(row, row.warnings));
    if (report.warned.length > 10) lines.push(`  ... and ${report.warned.length - 10} more (see --report)`);
  }
  return lines.join('\n');
}
