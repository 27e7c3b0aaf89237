import type * as z from 'zod';
import { isoNow, type AppContext } from '../context.ts';
import { Conflict, DomainError, NotFound, ValidationFailed, type FieldError } from '../errors.ts';
import type { ImportEntity } from './crm-formats.ts';
import { mapCsvRow, suggestColumns } from './csv-mapping.ts';
import { ImportRowsRequest, type ImportRowsResponse, type RowResult } from './import.schema.ts';
import type { OwnerDirectory } from './owner-directory.ts';

export type UpsertOutcome = Omit<RowResult, 'row' | 'warnings'>;

/**
 * How long one request spends on rows before it hands the rest back as `deferred` for the client to
 * send again: well inside API Gateway's 30 s, so a slow stack never times a batch out half-written
 * (a retried half-written batch would report its written rows as unchanged).
 */
export const rowTimeBudgetMs = 20_000;

export interface ImportRowsDeps {
  context: AppContext;
  ownerDirectory: OwnerDirectory;
}

/**
 * Imports CSV rows one at a time and independently: the columns are planned once (see
 * suggestColumns), then each row is mapped, its owner matched, validated and upserted; an invalid
 * row is rejected with its reasons and never stops the others, and a cell that cannot be read (an
 * unknown owner, an unreadable date) is left out with a warning. An upsert that loses a race with a
 * duplicate row (conflict, stale version) is retried, so it merges instead. In a dry run `upsert`
 * writes nothing (it is told so) and the results say what a real run would do. Rows not reached
 * within rowTimeBudgetMs come back `deferred`, untouched.
 */
export async function importRows<T>(
  deps: ImportRowsDeps,
  input: ImportRowsRequest,
  entity: ImportEntity,
  schema: z.ZodType<T>,
  upsert: (value: T, dryRun: boolean) => Promise<UpsertOutcome>,
): Promise<ImportRowsResponse> {
  const request = ImportRowsRequest.parse(input);
  const headers = [...new Set(request.rows.flatMap(({ fields }) => Object.keys(fields)))];
  const plan = suggestColumns(headers, entity, request.mapping);
  const now = isoNow(deps.context);
  const startedAt = deps.context.now().getTime();
  const results: RowResult[] = [];
  for (const { row, fields } of request.rows) {
    if (results.length && deps.context.now().getTime() - startedAt > rowTimeBudgetMs) {
      results.push({ row, outcome: 'deferred' });
      continue;
    }
    const { value, owners, warnings } = mapCsvRow(fields, plan, now);
    if (owners.length) {
      const owner = await deps.ownerDirectory.resolve(owners);
      if ('ownerId' in owner) value.ownerId = owner.ownerId;
      else warnings.push(owner.warning);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      results.push({
        row,
        outcome: 'rejected',
        errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, message: issue.message })),
      });
      continue;
    }
    const outcome = await upsertWithRetry(() => upsert(parsed.data, request.dryRun));
    results.push({ row, ...outcome, ...(warnings.length && outcome.outcome !== 'rejected' ? { warnings } : {}) });
  }
  return {
    results,
    ignoredColumns: plan.columns.filter((column) => column.field === 'ignore').map(({ column }) => column),
    columns: plan.columns,
    ...(plan.source ? { source: plan.source } : {}),
    dryRun: request.dryRun,
  };
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
