import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRow {
  row: number;
  fields: Record<string, string>;
}

/**
 * Streams a CSV file (header row first) as batches of rows, never holding the file in memory, each
 * numbered by the line it starts on. A UTF-8 byte order mark is dropped, and LF, CRLF or CR line ends
 * are all read. `onProgress` gets the bytes read so far and the file size.
 */
export async function* csvBatches(
  path: string,
  batchSize: number,
  onProgress: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<CsvRow[]> {
  const totalBytes = statSync(path).size;
  const file = createReadStream(path);
  file.on('data', () => onProgress(file.bytesRead, totalBytes));
  const parser = file.pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, info: true }),
  );
  let batch: CsvRow[] = [];
  // csv-parse's line count is where a record ends, and counts a CRLF inside a quoted cell as two lines.
  let crlfInCells = 0;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    const cells = Object.values(record);
    crlfInCells += cells.reduce((sum, cell) => sum + (cell.match(/\r\n/g)?.length ?? 0), 0);
    const breaksInCells = cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    batch.push({ row: info.lines - crlfInCells - breaksInCells, fields: record });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
  onProgress(totalBytes, totalBytes);
}
