import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Contact, CreateContactRequest, UpdateContactRequest } from './contact.schema.ts';
import { normaliseEmail } from './email.ts';

/** A new contact from a validated create request: version 1, email normalised, timestamps from the clock. */
export function newContact(request: CreateContactRequest, context: AppContext): Contact {
  const now = isoNow(context);
  return dropUndefined({
    ...request,
    id: context.newId(),
    email: request.email,
    emailNormalised: normaliseEmail(request.email),
    tags: dedupeTags(request.tags),
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
}

export interface ContactChange {
  before: Contact;
  after: Contact;
  /** Top-level field names whose value changed, for events and audit. */
  changedFields: string[];
}

/**
 * Applies a JSON Merge Patch to a contact. Returns the next version, or `changedFields: []`
 * (and the same contact) when the patch changes nothing, so callers can skip the write.
 */
export function applyContactPatch(before: Contact, patch: UpdateContactRequest, context: AppContext): ContactChange {
  const { customFields: customFieldsPatch, tags, ...scalarPatch } = patch;
  const merged: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(scalarPatch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  if (tags) merged.tags = dedupeTags(tags);
  if (customFieldsPatch) merged.customFields = mergeCustomFields(before.customFields, customFieldsPatch);
  if (typeof merged.email === 'string') merged.emailNormalised = normaliseEmail(merged.email);

  const candidate = merged as Contact;
  const changedFields = diffFields(before, candidate);
  if (changedFields.length === 0) return { before, after: before, changedFields };
  return {
    before,
    after: { ...candidate, version: before.version + 1, updatedAt: isoNow(context) },
    changedFields,
  };
}

function mergeCustomFields(current: Contact['customFields'], patch: Contact['customFields']): Contact['customFields'] {
  const next: Contact['customFields'] = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function dedupeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

function diffFields(before: Contact, after: Contact): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter(
    (field) => JSON.stringify(before[field as keyof Contact]) !== JSON.stringify(after[field as keyof Contact]),
  );
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
