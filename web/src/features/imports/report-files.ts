import type { ColumnPlan } from '#shared/imports/csv-mapping.ts';
import type { ImportRun } from '#shared/imports/import-batches.ts';
import type { RowResult } from '#shared/imports/import.schema.ts';

/** The field that identifies a row of each kind of file: contacts merge by email, companies by domain. */
export const keyFieldOf = (entity: ColumnPlan['entity']) => (entity === 'contacts' ? 'email' : 'domain');

/** The row's email (or domain), as written in the first non-empty column read as that field. */
export function recordKeyOf(fields: Record<string, string>, plan: ColumnPlan): string {
  const keyField = keyFieldOf(plan.entity);
  for (const { column, field } of plan.columns) {
    const cell = field === keyField && Object.hasOwn(fields, column) ? fields[column]?.trim() : undefined;
    if (cell) return cell;
  }
  return '';
}

/** How the run ended, for the report files: what the report counts, plus what was not sent and why. */
export interface ImportOutcome {
  fileName: string;
  rowsInFile: number;
  run: ImportRun;
}

const rowsNotSent = ({ rowsInFile, run }: ImportOutcome) => Math.max(0, rowsInFile - run.report.rows);

/** The report as JSON: the CLI's `--report` document, with the file, the run's status and the rows not sent. */
export function reportJson(outcome: ImportOutcome): string {
  return `${JSON.stringify(
    {
      file: outcome.fileName,
      status: outcome.run.status,
      rowsInFile: outcome.rowsInFile,
      rowsNotSent: rowsNotSent(outcome),
      ...outcome.run.report.toJSON(),
    },
    null,
    2,
  )}\n`;
}

/**
 * The rejected rows and the rows imported with warnings as CSV, one line per reason: line, outcome, the
 * row's email (or domain), the field (a JSON Pointer) and the reason.
 */
export function reportCsv(outcome: ImportOutcome, keyOfLine: (line: number) => string, keyField: string): string {
  const lines = [['line', 'outcome', keyField, 'field', 'reason']];
  const add = (result: RowResult, outcome: string, reasons: RowResult['errors']) => {
    for (const { pointer, message } of reasons?.length ? reasons : [{ pointer: '', message: '' }])
      lines.push([String(result.row), outcome, keyOfLine(result.row), pointer, message]);
  };
  const byLine = (a: RowResult, b: RowResult) => a.row - b.row;
  for (const result of [...outcome.run.report.rejected].sort(byLine)) add(result, 'rejected', result.errors);
  for (const result of [...outcome.run.report.warned].sort(byLine)) add(result, result.outcome, result.warnings);
  // A byte order mark, so that spreadsheets read the UTF-8 (Persian names, reasons) as UTF-8.
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; and a cell a spreadsheet would run as
 * a formula (=, +, -, @, tab, CR first) is prefixed with ' (OWASP's advice on CSV injection), since
 * the cells come from the imported file.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
