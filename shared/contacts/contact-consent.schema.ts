import * as z from 'zod';
import { Cursor, Limit } from '../common/fields.ts';
import { suppressionReasons } from '../campaigns/suppression.repository.ts';
import { ConsentRecord } from '../leads/consent.repository.ts';
import { MarketingConsent } from './contact.schema.ts';

/**
 * A contact's marketing consent and its proof: the status now, whether the address is suppressed (no
 * marketing email whatever the status), and a page of the consent records newest first, each with
 * its source, time, wording and version, method (a double opt-in confirmation is its own record) and
 * a salted hash of the IP it came from.
 */
export const ContactConsent = z.object({
  contactId: z.string(),
  current: MarketingConsent,
  suppression: z.object({ reason: z.enum(suppressionReasons), at: z.string() }).optional(),
  items: z.array(ConsentRecord),
  nextCursor: z.string().optional(),
});
export type ContactConsent = z.infer<typeof ContactConsent>;

export const ContactConsentQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type ContactConsentQuery = z.infer<typeof ContactConsentQuery>;
