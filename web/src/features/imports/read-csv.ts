import { checkCsvFile, type CsvFileReading } from './csv-file';

/** Reads a CSV file the person chose, in a worker (csv-worker.ts); refuses at once what its name or size rules out. */
export function readCsvFile(file: File): Promise<CsvFileReading> {
  const problem = checkCsvFile(file);
  if (problem) return Promise.resolve({ problem });
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./csv-worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<CsvFileReading>) => {
      worker.terminate();
      resolve(event.data);
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The file could not be read'));
    });
    worker.postMessage(file);
  });
}
