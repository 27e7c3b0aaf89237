import type { ColumnSuggestion, ImportRowsResponse, RowResult } from '#shared/imports/import.schema.ts';
import { crmNames, type CrmSource } from '#shared/imports/crm-formats.ts';

/**
 * The outcome of a whole import (or of a dry run, which says what an import would do): counts per
 * outcome, the CRM the file came from, how its columns were read, every rejected row with its
 * reasons and every imported row with a warning (an unknown owner, an unreadable date...).
 */
export class ImportReport {
  readonly counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly rejected: RowResult[] = [];
  readonly warned: RowResult[] = [];
  readonly ignoredColumns = new Set<string>();
  source?: CrmSource;
  columns: ColumnSuggestion[] = [];

  constructor(readonly dryRun = false) {}

  add(response: Pick<ImportRowsResponse, 'results' | 'ignoredColumns'> & Partial<ImportRowsResponse>): void {
    for (const result of response.results) {
      if (result.outcome === 'deferred') continue; // sent again by importCsv
      this.counts[result.outcome]++;
      if (result.outcome === 'rejected') this.rejected.push(result);
      else if (result.warnings?.length) this.warned.push(result);
    }
    response.ignoredColumns.forEach((column) => this.ignoredColumns.add(column));
    if (response.source) this.source = response.source;
    if (response.columns && !this.columns.length) this.columns = response.columns;
  }

  get rows(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }

  toJSON() {
    return {
      dryRun: this.dryRun,
      source: this.source ?? null,
      rows: this.rows,
      ...this.counts,
      ignoredColumns: [...this.ignoredColumns],
      columns: this.columns,
      rejectedRows: this.rejected.sort((a, b) => a.row - b.row),
      rowsWithWarnings: this.warned.sort((a, b) => a.row - b.row),
    };
  }

  summary(): string {
    const { created, updated, unchanged, rejected } = this.counts;
    const would = this.dryRun ? 'Dry run, nothing written: ' : '';
    const lines = [
      `${would}${this.rows} rows: ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected`,
    ];
    if (this.source) lines.push(`Read as a ${crmNames[this.source]} export.`);
    const mapped = this.columns.filter((column) => column.field !== 'ignore');
    if (mapped.length) lines.push(`Columns: ${mapped.map((c) => `${c.column} → ${c.field}`).join(', ')}`);
    if (this.ignoredColumns.size) lines.push(`Ignored columns: ${[...this.ignoredColumns].join(', ')}`);
    const describe = (row: RowResult, errors: RowResult['errors']) =>
      `  line ${row.row}: ${(errors ?? []).map((e) => `${e.pointer || '(row)'} ${e.message}`).join('; ')}`;
    for (const row of this.rejected.slice(0, 10)) lines.push(describe(row, row.errors));
    if (this.rejected.length > 10) lines.push(`  ... and ${this.rejected.length - 10} more (see --report)`);
    if (this.warned.length) {
      lines.push(`${this.warned.length} rows imported without some of their cells:`);
      for (const row of this.warned.slice(0, 10)) lines.push(describe(row, row.warnings));
      if (this.warned.length > 10) lines.push(`  ... and ${this.warned.length - 10} more (see --report)`);
    }
    return lines.join('\n');
  }
}
