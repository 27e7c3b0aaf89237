import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict, PreconditionFailed, ValidationFailed } from '../errors.ts';

/** Refuses with 412 when the client's If-Match version is not the entity's current one. */
export function assertExpectedVersion(
  entity: { version: number },
  expectedVersion: number | undefined,
  what: string,
): void {
  if (expectedVersion !== undefined && expectedVersion !== entity.version) {
    throw new PreconditionFailed(
      `The ${what} is at version ${entity.version}; re-read it and apply your change again.`,
      {
        currentVersion: entity.version,
      },
    );
  }
}

/**
 * Runs a version-checked write. Losing a race is 412 when the client sent If-Match (its version is
 * stale) and 409 otherwise; either way nothing was overwritten.
 */
export async function writeVersioned(
  write: () => Promise<void>,
  what: string,
  expectedVersion: number | undefined,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const detail = `The ${what} was changed by another request; re-read it and try again.`;
    throw expectedVersion === undefined ? new Conflict(detail) : new PreconditionFailed(detail);
  }
}

/** Every referenced id (field → [id, loader]) must exist; all missing ones are named at once. */
export async function requireReferences(
  references: Record<string, [string | undefined, (id: string) => Promise<unknown>]>,
): Promise<void> {
  const missing = (
    await Promise.all(
      Object.entries(references).map(async ([field, [id, load]]) => (id && !(await load(id)) ? field : undefined)),
    )
  ).filter((field): field is string => field !== undefined);
  if (missing.length) {
    throw new ValidationFailed(
      `No such ${missing.join(', ')}.`,
      missing.map((field) => ({ pointer: `/${field}`, message: `no such ${field.replace(/Id$/, '')}` })),
    );
  }
}
