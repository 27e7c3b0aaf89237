import { mergeKeys } from '../common/merge.ts';
import type { AppContext } from '../context.ts';
import { applyMergePatch, stampNew, type Change } from '../versioned.ts';
import type { Contact, CreateContactRequest, UpdateContactRequest } from './contact.schema.ts';
import { normaliseEmail } from './email.ts';

/** A new contact from a validated create request: version 1, email normalised, tags deduplicated. */
export function newContact(request: CreateContactRequest, context: AppContext): Contact {
  return stampNew(
    {
      ...request,
      emailNormalised: normaliseEmail(request.email),
      tags: dedupeTags(request.tags),
      consent: { status: 'none' as const },
    },
    context,
  );
}

export type ContactChange = Change<Contact>;

/**
 * Applies a JSON Merge Patch to a contact. Custom fields merge key by key (null removes a key);
 * a changed email is re-normalised. A patch that changes nothing keeps the same version.
 */
export function applyContactPatch(
  before: Contact,
  patch: UpdateContactRequest & { consent?: Contact['consent'] },
  context: AppContext,
): ContactChange {
  const { customFields, tags, email, ...rest } = patch;
  return applyMergePatch(
    before,
    {
      ...rest,
      ...(email !== undefined ? { email, emailNormalised: normaliseEmail(email) } : {}),
      ...(tags ? { tags: dedupeTags(tags) } : {}),
      ...(customFields ? { customFields: mergeKeys(before.customFields, customFields) } : {}),
    },
    context,
  );
}

function dedupeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
