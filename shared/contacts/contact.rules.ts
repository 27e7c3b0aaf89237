import { mergeKeys } from '../common/merge.ts';
import { parsePhone, phoneFormatHint } from '../common/phone.ts';
import type { AppContext } from '../context.ts';
import { ValidationFailed } from '../errors.ts';
import { applyMergePatch, stampNew, type Change } from '../versioned.ts';
import { phoneProblem, type Contact, type CreateContactRequest, type UpdateContactRequest } from './contact.schema.ts';
import { displayEmail, normaliseEmail } from './email.ts';

/**
 * A new contact from a validated create request: version 1, email normalised (and its Unicode
 * display form), phone in E.164 beside the typed one, tags deduplicated.
 */
export function newContact(request: CreateContactRequest, context: AppContext): Contact {
  return stampNew(
    {
      ...request,
      ...emailForms(request.email),
      ...(request.phone !== undefined ? { phoneE164: phoneE164(request.phone, request.country) } : {}),
      tags: dedupeTags(request.tags),
      consent: { status: 'none' as const },
    },
    context,
  );
}

export type ContactChange = Change<Contact>;

/**
 * Applies a JSON Merge Patch to a contact. Custom fields merge key by key (null removes a key);
 * a changed email is re-normalised; a changed phone is read again in the patch's country, else the
 * contact's (a national number stays what it meant when it was typed). A patch that changes nothing
 * keeps the same version.
 */
export function applyContactPatch(
  before: Contact,
  patch: UpdateContactRequest & { consent?: Contact['consent'] },
  context: AppContext,
): ContactChange {
  const { customFields, tags, email, phone, ...rest } = patch;
  const country = patch.country === undefined ? before.country : (patch.country ?? undefined);
  return applyMergePatch(
    before,
    {
      ...rest,
      ...(email !== undefined
        ? { email, emailNormalised: normaliseEmail(email), emailDisplay: displayEmail(email) ?? null }
        : {}),
      ...(phone === null ? { phone: null, phoneE164: null } : {}),
      ...(typeof phone === 'string' ? { phone, phoneE164: phoneE164(phone, country) } : {}),
      ...(tags ? { tags: dedupeTags(tags) } : {}),
      ...(customFields ? { customFields: mergeKeys(before.customFields, customFields) } : {}),
    },
    context,
  );
}

/** The matching key and, for an internationalised domain, the display form of a validated (mailable) email. */
function emailForms(email: string): { emailNormalised: string; emailDisplay?: string } {
  const emailDisplay = displayEmail(email);
  return { emailNormalised: normaliseEmail(email), ...(emailDisplay ? { emailDisplay } : {}) };
}

/** The E.164 form of a phone the schema accepted; a 400 when it cannot be read in `country`. */
function phoneE164(phone: string, country: string | undefined): string {
  const parsed = parsePhone(phone, country);
  if (parsed.ok) return parsed.e164;
  const message = phoneProblem(phone, country) ?? `must be ${phoneFormatHint}`;
  throw new ValidationFailed(`Invalid phone: ${message}.`, [{ pointer: '/phone', message }]);
}

function dedupeTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
