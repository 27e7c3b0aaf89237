import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { NotFound, PreconditionFailed } from '../errors.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { SettingsDocument, SettingsRepository } from './settings.repository.ts';

/** The current document, or NotFound naming what is missing. */
export async function readSettings<T extends SettingsDocument>(
  repository: SettingsRepository<T>,
  what: string,
): Promise<T> {
  const current = await repository.get();
  if (!current) throw new NotFound(`No ${what} has been saved yet.`);
  return current;
}

/**
 * Replaces the whole document (PUT semantics). `expectedVersion` comes from If-Match; without one,
 * the first save creates the document and later saves overwrite the version just read. `eventsOf` names
 * the events the new document publishes, written in the same transaction.
 */
export async function replaceSettings<T extends SettingsDocument>(
  repository: SettingsRepository<T>,
  fields: Omit<T, keyof SettingsDocument>,
  context: AppContext,
  expectedVersion?: number,
  eventsOf: (saved: T) => DomainEvent[] = () => [],
): Promise<T> {
  const current = await repository.get();
  if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) {
    throw new PreconditionFailed(
      `The document is at version ${current?.version ?? 0}, not ${expectedVersion}; read it again and reapply your change.`,
    );
  }
  const now = isoNow(context);
  const next = {
    ...fields,
    id: 'current',
    version: (current?.version ?? 0) + 1,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  } as T;
  try {
    await repository.save(next, current?.version ?? 0, eventsOf(next));
  } catch (error) {
    if (error instanceof TransactionConditionFailed)
      throw new PreconditionFailed('The document changed while you saved it; read it again and reapply your change.');
    throw error;
  }
  return next;
}
