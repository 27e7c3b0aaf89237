import type { ConsentStatus, MarketingConsent } from '../contacts/contact.schema.ts';
import type { Form } from '../forms/form.schema.ts';
import { ownValue } from '../common/own-keys.ts';

// A withdrawal ranks with none: a submission without consent leaves it withdrawn, a new opt-in replaces it.
const strength: Record<ConsentStatus, number> = { none: 0, withdrawn: 0, pending: 1, granted: 2 };

/** The consent a form submission expresses: none, pending (double opt-in to confirm) or granted. */
export function consentFromSubmission(form: Form, fields: Record<string, string>): ConsentStatus {
  if (!form.consent) return 'none';
  if (form.consent.field && !isTicked(ownValue(fields, form.consent.field))) return 'none';
  return form.doubleOptIn ? 'pending' : 'granted';
}

/** Consent is never downgraded by a submission: the stronger of what we had and what came in. */
export function mergeConsent(current: MarketingConsent, incoming: MarketingConsent): MarketingConsent {
  return strength[incoming.status] > strength[current.status] ? incoming : current;
}

function isTicked(value: string | undefined): boolean {
  return value !== undefined && ['on', 'true', 'yes', '1', 'checked'].includes(value.trim().toLowerCase());
}
