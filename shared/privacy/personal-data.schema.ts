import * as z from 'zod';
import { Activity } from '../activities/activity.schema.ts';
import { Enrollment } from '../campaigns/enrollment.schema.ts';
import { Suppression } from '../campaigns/suppression.repository.ts';
import { Contact } from '../contacts/contact.schema.ts';
import { Deal } from '../deals/deal.schema.ts';
import { ConsentRecord } from '../leads/consent.repository.ts';
import { StoredEngagement } from '../scoring/engagement.repository.ts';
import { SurveySend } from '../surveys/survey-send.schema.ts';
import { SurveyResponse } from '../surveys/survey.schema.ts';
import { Ticket, TicketMessage } from '../tickets/ticket.schema.ts';

export const MarketingSendRecord = z.object({ at: z.string(), key: z.string() });
export type MarketingSendRecord = z.infer<typeof MarketingSendRecord>;
export const LeadFailureRecord = z.object({
  id: z.string(),
  at: z.string(),
  step: z.string(),
  error: z.string(),
  cause: z.string(),
  causationId: z.string(),
});
export type LeadFailureRecord = z.infer<typeof LeadFailureRecord>;

/** Everything Relay holds about one contact (GDPR Art. 15 and 20), as one JSON document. */
export const PersonalDataExport = z.object({
  contactId: z.string(),
  exportedAt: z.string(),
  contact: Contact,
  consentHistory: z.array(ConsentRecord),
  engagements: z.array(StoredEngagement),
  marketingSends: z.array(MarketingSendRecord),
  leadFailures: z.array(LeadFailureRecord),
  /** Items of the contact's partition of a kind this export does not know yet, as stored: nothing is left out silently. */
  otherRecords: z.array(z.record(z.string(), z.unknown())),
  activities: z.array(Activity),
  enrollments: z.array(Enrollment),
  surveySends: z.array(SurveySend),
  surveyResponses: z.array(SurveyResponse),
  deals: z.array(Deal),
  /** The contact's service-desk tickets, and every message and internal note on them, oldest first per ticket. */
  tickets: z.array(Ticket),
  ticketMessages: z.array(TicketMessage),
  /** Whether the address gets no marketing email, and why (the entry is keyed by a hash of the address). */
  suppression: Suppression.optional(),
});
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

/** What one erasure removed; a repeated erasure finds nothing left and says so with zeros. */
export const ErasureSummary = z.object({
  contactId: z.string(),
  /** False when the contact was already gone (erased or deleted before); whatever was left of it was still swept. */
  contactFound: z.boolean(),
  /** True when this call (re)wrote the hashed suppression entry of the contact's address. */
  suppressed: z.boolean(),
  erased: z.object({
    contact: z.number().int(),
    contactRecords: z.number().int(),
    activities: z.number().int(),
    enrollments: z.number().int(),
    surveySends: z.number().int(),
    dealsUnlinked: z.number().int(),
    /** Tickets deleted with their history and conversation (a ticket is the person's request, in their words). */
    tickets: z.number().int(),
  }),
});
export type ErasureSummary = z.infer<typeof ErasureSummary>;
