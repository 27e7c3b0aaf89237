import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRow {
  row: number;
  fields: Record<string, string>;
}

/**
 * Streams a CSV file (header row first) as batches of rows, never holding the file in memory.
 * `onProgress` gets the bytes read so far and the file size.
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
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    batch.push({ row: info.lines, fields: record });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
  onProgress(totalBytes, totalBytes);
}
