import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { csvParseOptions, csvRowNumberer, type CsvRow, type ParsedCsvRecord } from '#shared/imports/csv-records.ts';

export type { CsvRow } from '#shared/imports/csv-records.ts';

/**
 * Streams a CSV file as batches of rows, never holding the file in memory, read as the console reads
 * one (csvParseOptions: header row, BOM dropped, LF, CRLF or CR line ends) and each numbered by the line
 * it starts on. `onProgress` gets the bytes read so far and the file size.
 */
export async function* csvBatches(
  path: string,
  batchSize: number,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<CsvRow[]> {
  const totalBytes = statSync(path).size;
  const file = createReadStream(path);
  file.on('data', () => onProgress(file.bytesRead, totalBytes));
  const parser = file.pipe(parse(csvParseOptions));
  const numbered = csvRowNumberer();
  let batch: CsvRow[] = [];
  for await (const record of parser as AsyncIterable<ParsedCsvRecord>) {
    batch.push(numbered(record));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
  onProgress(totalBytes, totalBytes);
}
