import type { CrmSource } from './crm-formats.ts';
import type { ColumnSuggestion, ImportRowsResponse, RowResult } from './import.schema.ts';

export type CountedOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

/**
 * The outcome of a whole import (or of a dry run, which says what an import would do), added up from
 * the API's answers batch by batch: counts per outcome, the CRM the file came from, how its columns
 * were read, every rejected row with its reasons and every imported row with a warning (an unknown
 * owner, an unreadable date...). The CLI's `--report` file and the console's downloadable report are
 * its JSON.
 */
export class ImportReport {
  readonly counts: Record<CountedOutcome, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly rejected: RowResult[] = [];
  readonly warned: RowResult[] = [];
  readonly ignoredColumns = new Set<string>();
  source?: CrmSource;
  columns: ColumnSuggestion[] = [];

  constructor(readonly dryRun = false) {}

  add(response: Pick<ImportRowsResponse, 'results' | 'ignoredColumns'> & Partial<ImportRowsResponse>): void {
    for (const result of response.results) {
      if (result.outcome === 'deferred') continue; // not answered yet: sent again (see runImportBatches)
      this.counts[result.outcome]++;
      if (result.outcome === 'rejected') this.rejected.push(result);
      else if (result.warnings?.length) this.warned.push(result);
    }
    response.ignoredColumns.forEach((column) => this.ignoredColumns.add(column));
    if (response.source) this.source = response.source;
    if (response.columns && !this.columns.length) this.columns = response.columns;
  }

  /** Rows answered so far (created, updated, unchanged or rejected). */
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
}
