import * as z from 'zod';
import type { ConsentStatus } from '../contacts/contact.schema.ts';

// Spelled out rather than imported: contact.schema.ts brings libphonenumber, which the console's canvas
// (which simulates in the browser) should not download. The two checks below keep the lists equal.
const consentStatuses = ['none', 'pending', 'granted', 'withdrawn'] as const satisfies readonly ConsentStatus[];
const everyConsentStatus: Record<ConsentStatus, true> = { none: true, pending: true, granted: true, withdrawn: true };
void everyConsentStatus;

const days = z.number().min(0).max(3650);

/** A contact for `npm run campaign -- simulate` and the console's simulation, with how it will behave. */
export const SimulatedContact = z.strictObject({
  id: z.string().min(1).max(100),
  email: z.string().min(3).max(254),
  firstName: z.string().max(200).optional(),
  companyName: z.string().max(200).optional(),
  timeZone: z.string().max(100).optional(),
  lifecycleStage: z.string().max(50).optional(),
  tags: z.array(z.string().max(64)).max(50).optional(),
  jobTitle: z.string().max(200).optional(),
  country: z.string().max(2).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  score: z.number().optional(),
  consent: z.enum(consentStatuses).optional(),
  /** Segment ids the contact is a member of. */
  segments: z.array(z.string()).max(100).optional(),
  behaviour: z
    .strictObject({
      /** Email step ids whose email the contact opens (or clicks). */
      opens: z.array(z.string()).max(100).optional(),
      clicks: z.array(z.string()).max(100).optional(),
      unsubscribeAfterDays: days.optional(),
      convertAfterDays: days.optional(),
      replyAfterDays: days.optional(),
    })
    .optional(),
});
export const SimulatedContacts = z.array(SimulatedContact).min(1).max(200);
