import type { CsvFileReading } from './csv-file';
import { readCsvBytes } from './parse-csv-file';

/**
 * Reads a dropped CSV file off the page's thread: parsing a 20 MB export takes seconds, during which the
 * screen must still answer (and say it is reading). Gets the File, answers with its rows or the problem;
 * a file that cannot be read at all (removed meanwhile, unreadable) is a problem too, never silence.
 */
addEventListener('message', (event: MessageEvent<File>) => {
  const file = event.data;
  const answer = (reading: CsvFileReading) => postMessage(reading);
  file
    .arrayBuffer()
    .then((buffer) => answer(readCsvBytes(file.name, new Uint8Array(buffer))))
    .catch((error: unknown) =>
      answer({ problem: { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) } }),
    );
});
