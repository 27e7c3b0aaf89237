import { CsvError, parse } from 'csv-parse/browser/esm/sync';
import { csvParseOptions, csvRowNumberer, importRowLimits, type ParsedCsvRecord } from '#shared/imports/csv-records.ts';
import { maxCsvFileBytes, type CsvFileProblem, type CsvFileReading } from './csv-file.ts';

/**
 * Reads a CSV file's bytes exactly as `npm run import` reads a file (the same csv-parse options and line
 * numbers, shared/imports/csv-records.ts): UTF-8, the byte order mark dropped, LF, CRLF or CR line ends,
 * quoted cells. Refuses what is not UTF-8 text (a workbook, UTF-16, a binary) and what the API would
 * refuse whole (a column name or a cell longer than it takes), saying where.
 */
export function readCsvBytes(name: string, bytes: Uint8Array): CsvFileReading {
  const problem = (p: CsvFileProblem): CsvFileReading => ({ problem: p });
  if (bytes.length > maxCsvFileBytes)
    return problem({ kind: 'tooBig', bytes: bytes.length, maxBytes: maxCsvFileBytes });
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]))
    return problem({ kind: 'spreadsheet' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return problem({ kind: 'notText' });
  }
  if (text.includes('\u0000')) return problem({ kind: 'notText' });
  if (!text.replace(/^\uFEFF/, '').trim()) return problem({ kind: 'empty' });
  let records: (ParsedCsvRecord & { info: { columns?: unknown } })[];
  try {
    records = parse(text, csvParseOptions) as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = error.header ? 1 : (lineOfUnreadableRecord(bytes, readUpTo(bytes, error)) ?? Number(error.lines));
    return problem({ kind: 'malformed', line, code: error.code, detail: error.message });
  }
  const [first] = records;
  if (!first) return problem({ kind: 'noRows' });
  const headers = columnNames(first.info.columns) ?? Object.keys(first.record);
  if (headers.some((header) => header.length > importRowLimits.maxColumnNameLength))
    return problem({ kind: 'columnNameTooLong', maxLength: importRowLimits.maxColumnNameLength });
  const numbered = csvRowNumberer();
  const rows = records.map((record) => numbered(record));
  for (const { row, fields } of rows)
    for (const [column, cell] of Object.entries(fields))
      if (cell.length > importRowLimits.maxCellLength)
        return problem({ kind: 'cellTooLong', line: row, column, maxLength: importRowLimits.maxCellLength });
  return { file: { name, bytes: bytes.length, headers, rows } };
}

/**
 * Where the records csv-parse read before an error end, in bytes: its `bytes_records`, or the end of the
 * header's line when no record was read yet (csv-parse counts the header as no record).
 */
function readUpTo(bytes: Uint8Array, error: CsvError): number | undefined {
  if (typeof error.bytes_records !== 'number') return undefined;
  if (error.bytes_records > 0 || error.records !== 0) return error.bytes_records;
  const lineFeed = bytes.indexOf(0x0a);
  const carriageReturn = bytes.indexOf(0x0d);
  if (carriageReturn >= 0 && (lineFeed < 0 || carriageReturn < lineFeed))
    return bytes[carriageReturn + 1] === 0x0a ? carriageReturn + 2 : carriageReturn + 1;
  return lineFeed >= 0 ? lineFeed + 1 : undefined;
}

/**
 * The line the record csv-parse could not read starts on: the one after the records it read, past empty
 * lines. csv-parse's own `lines` is where it gave up, which for a quote never closed is the end of the file.
 */
function lineOfUnreadableRecord(bytes: Uint8Array, readBytes: number | undefined): number | undefined {
  if (readBytes === undefined) return undefined;
  const breaks = /\r\n|\r|\n/g;
  const before = new TextDecoder().decode(bytes.subarray(0, readBytes));
  const after = new TextDecoder().decode(bytes.subarray(readBytes));
  const emptyLines = /^(?:\r\n|\r|\n)*/.exec(after)?.[0] ?? '';
  return (before.match(breaks)?.length ?? 0) + (emptyLines.match(breaks)?.length ?? 0) + 1;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/** csv-parse's `info.columns`: the header's names, when it read one. */
function columnNames(columns: unknown): string[] | undefined {
  if (!Array.isArray(columns)) return undefined;
  const names = columns.map((column: unknown) =>
    column && typeof column === 'object' && 'name' in column && typeof column.name === 'string' ? column.name : '',
  );
  return names;
}
