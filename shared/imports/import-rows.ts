import type * as z from 'zod';
import { Conflict, DomainError, NotFound, ValidationFailed, type FieldError } from '../errors.ts';
import { mapCsvRow, type CsvColumns } from './csv-mapping.ts';
import type { ImportRowsRequest, RowResult } from './import.schema.ts';

export type UpsertOutcome = Omit<RowResult, 'row'>;

/**
 * Imports CSV rows one at a time and independently: each row is mapped, validated and upserted;
 * an invalid row is rejected with its reasons and never stops the others. An upsert that loses a
 * race with a duplicate row (conflict, stale version) is retried, so it merges instead.
 */
export async function importRows<T>(
  request: ImportRowsRequest,
  columns: CsvColumns,
  schema: z.ZodType<T>,
  upsert: (value: T) => Promise<UpsertOutcome>,
): Promise<{ results: RowResult[]; ignoredColumns: string[] }> {
  const ignored = new Set<string>();
  const results: RowResult[] = [];
  for (const { row, fields } of request.rows) {
    const { value, ignoredColumns } = mapCsvRow(fields, columns);
    ignoredColumns.forEach((column) => ignored.add(column));
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      results.push({
        row,
        outcome: 'rejected',
        errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, message: issue.message })),
      });
      continue;
    }
    results.push({ row, ...(await upsertWithRetry(() => upsert(parsed.data))) });
  }
  return { results, ignoredColumns: [...ignored] };
}

async function upsertWithRetry(upsert: () => Promise<UpsertOutcome>, attempt = 0): Promise<UpsertOutcome> {
  try {
    return await upsert();
  } catch (error) {
    const raced =
      error instanceof Conflict || error instanceof NotFound || (error instanceof DomainError && error.status === 412);
    if (raced && attempt < 3) return upsertWithRetry(upsert, attempt + 1);
    if (error instanceof DomainError && error.status < 500) return { outcome: 'rejected', errors: errorsOf(error) };
    throw error;
  }
}

function errorsOf(error: DomainError): FieldError[] {
  return error instanceof ValidationFailed && error.errors.length
    ? error.errors
    : [{ pointer: '', message: error.message }];
}
