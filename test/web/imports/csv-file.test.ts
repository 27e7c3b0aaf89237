import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvBatches, type CsvRow } from '../../../cli/csv-batches.ts';
import { checkCsvFile, maxCsvFileBytes } from '../../../web/src/features/imports/csv-file.ts';
import { readCsvBytes } from '../../../web/src/features/imports/parse-csv-file.ts';
import { crmExports } from '../../support/csv-fixtures.ts';

const bytesOf = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readCsvBytes('file.csv', bytesOf(text));

/** The rows `npm run import` sends for the same file. */
async function rowsTheCliReads(text: string): Promise<CsvRow[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'relay-console-csv-')), 'file.csv');
  writeFileSync(path, text);
  const rows: CsvRow[] = [];
  for await (const batch of csvBatches(path, 100, () => {})) rows.push(...batch);
  return rows;
}

describe('reading a CSV file in the console', () => {
  it.each(Object.keys(crmExports) as (keyof typeof crmExports)[])(
    'reads a %s export exactly as the CLI does (BOM, line ends, quotes, line numbers)',
    async (crm) => {
      const { csv, rows } = crmExports[crm];
      const reading = readCsvBytes(`${crm}.csv`, bytesOf(csv));
      if (!('file' in reading)) throw new Error(JSON.stringify(reading.problem));
      expect(reading.file.rows).toHaveLength(rows);
      expect(reading.file.rows).toEqual(await rowsTheCliReads(csv));
      expect(reading.file.headers[0]).not.toMatch(/^\uFEFF/);
    },
  );

  it('drops the byte order mark and reads LF, CRLF and CR line ends, with quoted commas, quotes and line breaks', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const reading = read(
        `\uFEFFEmail,First Name,Note${end}maryam@example.com,مریم,"Tehran, ""north""${end}second line"${end}${end}ali@example.com,علی,x${end}`,
      );
      expect(reading).toEqual({
        file: {
          name: 'file.csv',
          bytes: expect.any(Number),
          headers: ['Email', 'First Name', 'Note'],
          rows: [
            {
              row: 2,
              fields: { Email: 'maryam@example.com', 'First Name': 'مریم', Note: `Tehran, "north"${end}second line` },
            },
            { row: 5, fields: { Email: 'ali@example.com', 'First Name': 'علی', Note: 'x' } },
          ],
        },
      });
    }
  });

  it('keeps Persian-digit phones and cells as written (the API reads them)', () => {
    const reading = read('Email,Phone\nmaryam@example.com, +۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹ \n');
    expect('file' in reading && reading.file.rows[0]?.fields.Phone).toBe(' +۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹ ');
  });

  it('says where a file cannot be read as CSV', () => {
    // The line the unclosed quote opens on.
    expect(read('Email,Note\na@example.com,x\nb@example.com,"never closed\nc@example.com,y\n')).toEqual({
      problem: { kind: 'malformed', line: 3, code: 'CSV_QUOTE_NOT_CLOSED', detail: expect.any(String) },
    });
    expect(read('Email,Note\na@example.com,"x"y\n')).toMatchObject({
      problem: { kind: 'malformed', line: 2, code: 'CSV_INVALID_CLOSING_QUOTE' },
    });
    expect(read('Email,Note\r\n\r\na@example.com,"x\r\ny"z\r\n')).toMatchObject({
      problem: { kind: 'malformed', line: 3, code: 'CSV_INVALID_CLOSING_QUOTE' },
    });
    expect(read('Email,"Note\na@example.com,x\n')).toMatchObject({ problem: { kind: 'malformed', line: 1 } });
  });

  it('refuses what is not UTF-8 CSV text: a workbook, UTF-16, Latin-1, an empty file, a header alone', () => {
    expect(readCsvBytes('book.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toEqual({
      problem: { kind: 'spreadsheet' },
    });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'Email'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(readCsvBytes('utf16.csv', utf16)).toEqual({ problem: { kind: 'notText' } });
    expect(readCsvBytes('latin1.csv', new Uint8Array([0x45, 0x2c, 0x4e, 0x0a, 0x61, 0x2c, 0xe9, 0x0a]))).toEqual({
      problem: { kind: 'notText' },
    });
    expect(read('\uFEFF \n')).toEqual({ problem: { kind: 'empty' } });
    expect(read('Email,Name\r\n')).toEqual({ problem: { kind: 'noRows' } });
  });

  it('refuses, saying where, a cell or a column name longer than the API takes', () => {
    expect(read(`Email,Note\na@example.com,x\nb@example.com,${'n'.repeat(5001)}\n`)).toEqual({
      problem: { kind: 'cellTooLong', line: 3, column: 'Note', maxLength: 5000 },
    });
    expect(read(`Email,${'c'.repeat(201)}\na@example.com,x\n`)).toEqual({
      problem: { kind: 'columnNameTooLong', maxLength: 200 },
    });
  });

  it('turns away, before reading it, a file too big or not CSV by its name and type', () => {
    const file = (name: string, type: string, size = 1_000) => checkCsvFile({ name, type, size });
    expect(file('contacts.csv', 'text/csv')).toBeUndefined();
    expect(file('export.txt', '')).toBeUndefined();
    expect(file('download', 'text/csv')).toBeUndefined();
    expect(file('contacts.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toEqual({
      kind: 'spreadsheet',
    });
    expect(file('photo.png', 'image/png')).toEqual({ kind: 'notCsv' });
    expect(file('huge.csv', 'text/csv', maxCsvFileBytes + 1)).toEqual({
      kind: 'tooBig',
      bytes: maxCsvFileBytes + 1,
      maxBytes: maxCsvFileBytes,
    });
  });
});
