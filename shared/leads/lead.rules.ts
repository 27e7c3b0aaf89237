import { mergeImported } from '../common/merge-rule.ts';
import { withCountryCode } from '../common/phone.ts';
import { ownValue } from '../common/own-keys.ts';
import {
  lifecycleStages,
  type Contact,
  type CreateContactRequest,
  type MarketingConsent,
  type UpdateContactRequest,
} from '../contacts/contact.schema.ts';
import type { Form } from '../forms/form.schema.ts';
import { mergeConsent } from './consent.ts';

export type BotVerdict = 'honeypot' | 'invalid-form-token' | 'too-fast' | 'no-form-token' | undefined;

/**
 * Why a submission looks automated, if it does: the honeypot field was filled, its form token is
 * not good (expired, for another form, tampered, an unknown key), it came faster than a person
 * fills the form, or the form requires a token and none came. `token` is the verified token's
 * issue time, 'invalid' for a token that did not verify, undefined when none was sent.
 */
export function detectBot(
  form: Form,
  fields: Record<string, string>,
  token: { issuedAt: number } | 'invalid' | undefined,
  now: number,
): BotVerdict {
  if ((ownValue(fields, form.honeypotField) ?? '').trim() !== '') return 'honeypot';
  if (token === 'invalid') return 'invalid-form-token';
  if (token === undefined) return form.requireFormToken ? 'no-form-token' : undefined;
  return now - token.issuedAt < form.minFillSeconds * 1000 ? 'too-fast' : undefined;
}

/**
 * The contact a submission describes, through the form's field mapping and lead defaults (not yet validated);
 * a support form's ticket fields are left to ticketFromFields.
 */
export function contactFromFields(form: Form, fields: Record<string, string>): Record<string, unknown> {
  const contact: Record<string, unknown> = {};
  const customFields: [string, string][] = [];
  for (const [field, target] of Object.entries(form.fieldMapping)) {
    const value = ownValue(fields, field)?.trim();
    if (!value || target.startsWith('ticket.')) continue;
    if (target.startsWith('custom.')) customFields.push([target.slice('custom.'.length), value]);
    else contact[target] = target === 'country' ? value.toUpperCase() : value;
  }
  // A national number gets the form's country code, so it is read (and shown) where it was typed.
  if (form.phoneCountry && typeof contact.phone === 'string' && !contact.country)
    contact.phone = withCountryCode(contact.phone, form.phoneCountry) ?? contact.phone;
  const { lifecycleStage, ownerId, tags } = form.leadDefaults;
  return {
    ...contact,
    ...(lifecycleStage ? { lifecycleStage } : {}),
    ...(ownerId ? { ownerId } : {}),
    tags,
    ...(customFields.length ? { customFields: Object.fromEntries(customFields) } : {}),
  };
}

const stageRank = (stage: string) =>
  stage === 'other' ? -1 : lifecycleStages.indexOf(stage as (typeof lifecycleStages)[number]);

/**
 * What a new lead changes on the contact that already has its email. Non-empty new values win,
 * tags are added, custom fields merge, the stage only moves forward, an owned contact keeps its
 * owner, and consent is never downgraded. Undefined when nothing changes.
 */
export function leadPatch(
  existing: Contact,
  incoming: CreateContactRequest,
  consent: MarketingConsent,
): (UpdateContactRequest & { consent?: MarketingConsent }) | undefined {
  const { lifecycleStage, ...rest } = incoming;
  const patch: Record<string, unknown> = mergeImported(existing, rest, [
    'firstName',
    'lastName',
    'phone',
    'jobTitle',
    'companyName',
    'country',
    'timeZone',
  ]);
  if (stageRank(lifecycleStage) > stageRank(existing.lifecycleStage)) patch.lifecycleStage = lifecycleStage;
  const mergedConsent = mergeConsent(existing.consent, consent);
  if (mergedConsent !== existing.consent) patch.consent = mergedConsent;
  return Object.keys(patch).length ? (patch as UpdateContactRequest & { consent?: MarketingConsent }) : undefined;
}

/** The ticket a support form's submission asks for, through its field mapping (not yet validated). */
export function ticketFromFields(
  form: Form,
  fields: Record<string, string>,
): { subject?: string; message?: string; customFields: Record<string, string> } {
  const ticket: { subject?: string; message?: string } = {};
  const customFields: [string, string][] = [];
  for (const [field, target] of Object.entries(form.fieldMapping)) {
    const value = ownValue(fields, field)?.trim();
    if (!value) continue;
    if (target === 'ticket.subject') ticket.subject = value;
    else if (target === 'ticket.message') ticket.message = value;
    else if (target.startsWith('ticket.custom.')) customFields.push([target.slice('ticket.custom.'.length), value]);
  }
  return { ...ticket, customFields: Object.fromEntries(customFields) };
}
