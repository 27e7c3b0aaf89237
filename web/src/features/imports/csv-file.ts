import type { CsvRow } from '#shared/imports/csv-records.ts';

/**
 * The largest file the console reads (about 200,000 contacts of a typical export). The rows are kept in
 * memory and parsed in a worker; `npm run import` streams files of any size.
 */
export const maxCsvFileBytes = 20 * 1024 * 1024;

/** Why a file cannot be imported, for the screen to say in the reader's language. */
export type CsvFileProblem =
  | { kind: 'tooBig'; bytes: number; maxBytes: number }
  | { kind: 'spreadsheet' }
  | { kind: 'notCsv' }
  | { kind: 'notText' }
  | { kind: 'empty' }
  | { kind: 'noRows' }
  | { kind: 'malformed'; line: number; code: string; detail: string }
  | { kind: 'columnNameTooLong'; maxLength: number }
  | { kind: 'cellTooLong'; line: number; column: string; maxLength: number }
  | { kind: 'unreadable'; detail: string };

export interface CsvFile {
  name: string;
  bytes: number;
  /** The columns, as the header row names them, in order. */
  headers: string[];
  /** Every record, numbered by the line it starts on. */
  rows: CsvRow[];
}

export type CsvFileReading = { file: CsvFile } | { problem: CsvFileProblem };

const spreadsheetName = /\.(xlsx|xlsm|xls|ods|numbers)$/i;
const csvName = /\.(csv|txt)$/i;
const csvTypes = new Set(['text/csv', 'text/plain', 'application/csv', 'text/x-csv']);

/** What the name, type and size already say, before a byte is read. */
export function checkCsvFile(file: { name: string; type: string; size: number }): CsvFileProblem | undefined {
  if (spreadsheetName.test(file.name)) return { kind: 'spreadsheet' };
  if (!csvName.test(file.name) && !csvTypes.has(file.type)) return { kind: 'notCsv' };
  if (file.size > maxCsvFileBytes) return { kind: 'tooBig', bytes: file.size, maxBytes: maxCsvFileBytes };
  return undefined;
}
