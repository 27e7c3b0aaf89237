import type { RowResult } from '#shared/imports/import.schema.ts';

/** The outcome of a whole import: counts per outcome and every rejected row with its reasons. */
export class ImportReport {
  readonly counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly rejected: RowResult[] = [];
  readonly ignoredColumns = new Set<string>();

  add(results: RowResult[], ignoredColumns: string[]): void {
    for (const result of results) {
      this.counts[result.outcome]++;
      if (result.outcome === 'rejected') this.rejected.push(result);
    }
    ignoredColumns.forEach((column) => this.ignoredColumns.add(column));
  }

  get rows(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }

  toJSON() {
    return {
      rows: this.rows,
      ...this.counts,
      ignoredColumns: [...this.ignoredColumns],
      rejectedRows: this.rejected.sort((a, b) => a.row - b.row),
    };
  }

  summary(): string {
    const { created, updated, unchanged, rejected } = this.counts;
    const lines = [
      `${this.rows} rows: ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected`,
    ];
    if (this.ignoredColumns.size) lines.push(`Ignored columns: ${[...this.ignoredColumns].join(', ')}`);
    for (const row of this.rejected.slice(0, 10))
      lines.push(
        `  line ${row.row}: ${(row.errors ?? []).map((e) => `${e.pointer || '(row)'} ${e.message}`).join('; ')}`,
      );
    if (this.rejected.length > 10) lines.push(`  ... and ${this.rejected.length - 10} more (see --report)`);
    return lines.join('\n');
  }
}
