import type * as z from 'zod';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import type { Activity } from '../activities/activity.schema.ts';
import type { CampaignRepository } from '../campaigns/campaign.repository.ts';
import type { EnrollmentRepository } from '../campaigns/enrollment.repository.ts';
import { enrollmentId, type Enrollment } from '../campaigns/enrollment.schema.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { readAll } from '../db/pagination.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { Deal } from '../deals/deal.schema.ts';
import { ConsentRecord } from '../leads/consent.repository.ts';
import { StoredEngagement } from '../scoring/engagement.repository.ts';
import type { SurveySendRepository } from '../surveys/survey-send.repository.ts';
import type { SurveySend } from '../surveys/survey-send.schema.ts';
import type { SurveyResponse } from '../surveys/survey.schema.ts';
import type { TicketRepository } from '../tickets/ticket.repository.ts';
import type { Ticket, TicketMessage } from '../tickets/ticket.schema.ts';
import type { ContactFootprintRepository } from './contact-footprint.repository.ts';
import { LeadFailureRecord, MarketingSendRecord } from './personal-data.schema.ts';

export interface FootprintDeps {
  contacts: ContactRepository;
  contactFootprints: ContactFootprintRepository;
  activities: ActivityRepository;
  campaigns: CampaignRepository;
  enrollments: EnrollmentRepository;
  surveySends: SurveySendRepository;
  deals: DealRepository;
  tickets: TicketRepository;
}

/** Everything stored about one contact, found by key and index (never a Scan). */
export interface ContactFootprint {
  contact?: Contact;
  /** The raw items of the contact's partition other than the contact itself (for deletion by key). */
  partitionItems: Record<string, unknown>[];
  consentHistory: ConsentRecord[];
  engagements: StoredEngagement[];
  marketingSends: MarketingSendRecord[];
  leadFailures: LeadFailureRecord[];
  otherRecords: Record<string, unknown>[];
  activities: Activity[];
  enrollments: Enrollment[];
  surveySends: SurveySend[];
  surveyResponses: SurveyResponse[];
  deals: Deal[];
  /** The contact's service-desk tickets and their conversations (the customer's own words among them). */
  tickets: Ticket[];
  ticketMessages: TicketMessage[];
}

const pageSize = 100;

/**
 * Reads the contact's partition (one query), its timeline, deals, tickets and survey sends (their indexes),
 * and its enrollments: one get per campaign, as enrollments are keyed by campaign and contact and
 * campaigns are few.
 */
export async function readContactFootprint(deps: FootprintDeps, contactId: string): Promise<ContactFootprint> {
  const [contact, partition, activities, deals, tickets, surveySends, enrollments] = await Promise.all([
    deps.contacts.get(contactId),
    deps.contactFootprints.partitionItems(contactId),
    readAll((cursor) => deps.activities.contactTimeline(contactId, pageSize, cursor)),
    readAll((cursor) => deps.deals.listByContact(contactId, pageSize, cursor)),
    readAll((cursor) => deps.tickets.listByContact(contactId, pageSize, cursor)),
    readAll((cursor) => deps.surveySends.sendsOf(contactId, pageSize, cursor)),
    enrollmentsOf(deps, contactId),
  ]);
  const [responses, ticketMessages] = await Promise.all([
    Promise.all(surveySends.map((send) => deps.surveySends.getResponse(send.id))),
    Promise.all(tickets.map((ticket) => readAll((cursor) => deps.tickets.messages(ticket.id, pageSize, cursor)))).then(
      (pages) => pages.flat(),
    ),
  ]);
  const records = partition.filter((item) => item.entity !== 'Contact');
  // An item its read schema refuses (an older or broken writer's) is still the person's data: it goes to
  // the export as it is stored, among the other records, and is erased with the partition.
  const unreadable: Record<string, unknown>[] = [];
  const read = <T>(entity: string, schema: z.ZodType<T>): T[] =>
    records.flatMap((item) => {
      if (item.entity !== entity) return [];
      const parsed = schema.safeParse(item);
      if (parsed.success) return [parsed.data];
      unreadable.push(item);
      return [];
    });
  const known = new Set(['ConsentRecord', 'Engagement', 'MarketingSend', 'LeadFailure']);
  const consentHistory = read('ConsentRecord', ConsentRecord);
  const engagements = read('Engagement', StoredEngagement);
  const marketingSends = read('MarketingSend', MarketingSendRecord);
  const leadFailures = read('LeadFailure', LeadFailureRecord);
  return {
    ...(contact ? { contact } : {}),
    partitionItems: records,
    consentHistory,
    engagements,
    marketingSends,
    leadFailures,
    otherRecords: [
      ...records.filter((item) => typeof item.entity !== 'string' || !known.has(item.entity)),
      ...unreadable,
    ],
    activities,
    enrollments,
    surveySends,
    surveyResponses: responses.filter((response): response is SurveyResponse => response !== undefined),
    deals,
    tickets,
    ticketMessages,
  };
}

async function enrollmentsOf(
  deps: Pick<FootprintDeps, 'campaigns' | 'enrollments'>,
  contactId: string,
): Promise<Enrollment[]> {
  const campaigns = await readAll((cursor) => deps.campaigns.listAll(pageSize, cursor));
  const enrollments = await Promise.all(
    campaigns.map((campaign) => deps.enrollments.get(enrollmentId(campaign.id, contactId))),
  );
  return enrollments.filter((enrollment): enrollment is Enrollment => enrollment !== undefined);
}
