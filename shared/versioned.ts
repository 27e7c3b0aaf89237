import type { AppContext } from './context.ts';
import { isoNow } from './context.ts';

/** What every stored entity carries: a ULID, an optimistic-concurrency version and timestamps. */
export interface Versioned {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A new entity at version 1, with an id and timestamps from the context; undefined fields dropped. */
export function stampNew<T extends object>(fields: T, context: AppContext): T & Versioned {
  const now = isoNow(context);
  return { ...dropUndefined(fields), id: context.newId(), version: 1, createdAt: now, updatedAt: now };
}

export interface Change<T> {
  before: T;
  after: T;
  /** Top-level fields whose value changed, for events and audit. */
  changedFields: string[];
}

/**
 * Applies a JSON Merge Patch (RFC 7396) at the top level: absent = unchanged, null = removed.
 * A patch that changes nothing returns `before` itself and no changed fields, so callers skip the write;
 * otherwise the version goes up by one and updatedAt moves to now.
 */
export function applyMergePatch<T extends Versioned>(
  before: T,
  patch: Record<string, unknown>,
  context: AppContext,
): Change<T> {
  const merged: Record<string, unknown> = { ...(before as unknown as Record<string, unknown>) };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  const candidate = merged as T;
  const changedFields = [...new Set([...Object.keys(before), ...Object.keys(candidate)])].filter(
    (field) => JSON.stringify(before[field as keyof T]) !== JSON.stringify(candidate[field as keyof T]),
  );
  if (changedFields.length === 0) return { before, after: before, changedFields };
  return { before, after: { ...candidate, version: before.version + 1, updatedAt: isoNow(context) }, changedFields };
}

export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
