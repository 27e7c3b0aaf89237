import * as z from 'zod';
import { ticketStatusKinds } from '../tickets/ticket-pipeline.ts';

/**
 * The domain events integrators can build on. Each is published to EventBridge with
 * `source` and `detail-type` as below, and a `detail` that always carries `id`, `occurredAt`
 * and `version` plus the ids of the entities involved. Never personal data: integrators read
 * the entity through the API when they need it, so events stay safe to log and archive.
 */
const envelope = {
  id: z.string(),
  occurredAt: z.iso.datetime(),
};
/** What every ticket event starts with: the envelope, its version, and the ticket by id and by number. */
const ticketEnvelope = {
  ...envelope,
  version: z.literal(1),
  ticketId: z.string(),
  ticketNumber: z.number().int(),
};

/** What an SLA warning or breach says: which target of which ticket, due when, under which policy, and who holds it. */
const slaFiredFields = {
  ...ticketEnvelope,
  metric: z.enum(['firstResponse', 'resolution']),
  /** When the target is (or was) breached. */
  dueAt: z.string(),
  priority: z.string(),
  policyName: z.string(),
  assigneeId: z.string().optional(),
  teamId: z.string().optional(),
};

export const eventCatalog = {
  'Contact Created': {
    source: 'relay.contacts',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      ownerId: z.string().optional(),
      lifecycleStage: z.string(),
    }),
  },
  'Contact Updated': {
    source: 'relay.contacts',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      contactVersion: z.number().int(),
      changedFields: z.array(z.string()),
    }),
  },
  'Contact Deleted': {
    source: 'relay.contacts',
    detail: z.object({ ...envelope, version: z.literal(1), contactId: z.string() }),
  },
  /** Everything about the contact is gone (GDPR erasure): consumers holding copies must erase theirs. */
  'Contact Erased': {
    source: 'relay.contacts',
    detail: z.object({ ...envelope, version: z.literal(1), contactId: z.string() }),
  },
  'Lead Received': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      submissionId: z.string(),
      contactId: z.string(),
      /** Where the lead came from: a form or a webhook source. */
      sourceKind: z.enum(['form', 'webhook']),
      sourceId: z.string(),
      isNewContact: z.boolean(),
      consentStatus: z.enum(['none', 'pending', 'granted', 'withdrawn']),
      /** True when this lead is waiting for its double opt-in confirmation email. */
      doubleOptInRequired: z.boolean(),
      campaignId: z.string().optional(),
    }),
  },
  'Lead Scored': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      score: z.number(),
      previousScore: z.number().optional(),
      grade: z.enum(['A', 'B', 'C', 'D']),
      /** The lifecycle stage the score's thresholds give (the contact's stage only ever moves forward). */
      scoreStage: z.enum(['subscriber', 'lead', 'mql', 'sql']),
      modelVersion: z.number().int(),
      /** The event that caused the rescoring. */
      causationId: z.string(),
    }),
  },
  'Lead Qualified': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      stage: z.enum(['mql', 'sql']),
      score: z.number(),
      grade: z.enum(['A', 'B', 'C', 'D']),
    }),
  },
  'Lead Assigned': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      ownerId: z.string(),
      previousOwnerId: z.string().optional(),
      teamId: z.string().optional(),
      strategy: z.enum(['account', 'round-robin', 'weighted', 'capacity']),
      reason: z.enum(['qualified', 'sla-reassignment']),
      /** When the owner must have touched the lead before it is reassigned. */
      slaDueAt: z.string().optional(),
    }),
  },
  'Lead Queued': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      teamId: z.string().optional(),
      reason: z.enum(['no-team', 'no-eligible-rep']),
    }),
  },
  'Lead Processing Failed': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      step: z.string(),
      /** The error's class, e.g. Conflict, ZodError or States.Timeout. */
      error: z.string(),
      /** What went wrong, with email addresses and phone numbers taken out (absent on events published before it existed). */
      message: z.string().optional(),
    }),
  },
  'Engagement Tracked': {
    source: 'relay.leads',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      engagementId: z.string(),
      kind: z.string(),
      name: z.string().optional(),
    }),
  },
  'Campaign Enrollment Requested': {
    source: 'relay.campaigns',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      campaignId: z.string(),
      /** Why: a lead below the MQL threshold goes to its form's nurture campaign. */
      reason: z.literal('nurture'),
      causationId: z.string(),
    }),
  },
  'Campaign Published': {
    source: 'relay.campaigns',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      campaignId: z.string(),
      campaignVersion: z.number().int(),
      status: z.string(),
    }),
  },
  'Campaign Status Changed': {
    source: 'relay.campaigns',
    detail: z.object({ ...envelope, version: z.literal(1), campaignId: z.string(), from: z.string(), to: z.string() }),
  },
  'Campaign Enrollment Started': {
    source: 'relay.campaigns',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      campaignId: z.string(),
      contactId: z.string(),
      campaignVersion: z.number().int(),
      run: z.number().int(),
    }),
  },
  'Campaign Enrollment Ended': {
    source: 'relay.campaigns',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      campaignId: z.string(),
      contactId: z.string(),
      reason: z.string(),
    }),
  },
  'Campaign Step Failed': {
    source: 'relay.campaigns',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      campaignId: z.string(),
      contactId: z.string(),
      error: z.string(),
    }),
  },
  'Email Sent': {
    source: 'relay.email',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      campaignId: z.string(),
      stepId: z.string(),
      variantId: z.string().optional(),
      messageKey: z.string(),
    }),
  },
  'Email Bounced': {
    source: 'relay.email',
    detail: z.object({ ...envelope, version: z.literal(1), contactId: z.string(), messageKey: z.string() }),
  },
  'Email Complained': {
    source: 'relay.email',
    detail: z.object({ ...envelope, version: z.literal(1), contactId: z.string(), messageKey: z.string() }),
  },
  'Contact Unsubscribed': {
    source: 'relay.contacts',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      contactId: z.string(),
      campaignId: z.string().optional(),
      method: z.enum(['one-click', 'confirmed-page']),
    }),
  },
  'Contact Consent Confirmed': {
    source: 'relay.contacts',
    detail: z.object({ ...envelope, version: z.literal(1), contactId: z.string(), submissionId: z.string() }),
  },
  'Deal Stage Changed': {
    source: 'relay.deals',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      dealId: z.string(),
      pipelineId: z.string(),
      fromStageId: z.string().optional(),
      toStageId: z.string(),
      ownerId: z.string().optional(),
    }),
  },
  'Deal Won': {
    source: 'relay.deals',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      dealId: z.string(),
      pipelineId: z.string(),
      amount: z.number(),
      currency: z.string(),
      dealType: z.string(),
      ownerId: z.string().optional(),
      contactId: z.string().optional(),
      companyId: z.string().optional(),
    }),
  },
  'Deal Lost': {
    source: 'relay.deals',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      dealId: z.string(),
      pipelineId: z.string(),
      amount: z.number().optional(),
      currency: z.string().optional(),
      dealType: z.string().optional(),
      ownerId: z.string().optional(),
      contactId: z.string().optional(),
      companyId: z.string().optional(),
    }),
  },
  'Ticket Created': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      contactId: z.string(),
      companyId: z.string().optional(),
      channel: z.string(),
      priority: z.string(),
      statusId: z.string(),
      assigneeId: z.string().optional(),
      teamId: z.string().optional(),
      /** Created without an assignee and left unassigned by the support routing: no team serves it, or nobody in it has capacity. */
      queuedBecause: z.enum(['no-team', 'team-not-routed', 'no-eligible-agent']).optional(),
    }),
  },
  /** The assignee or the team changed (or was set when the ticket was created). */
  'Ticket Assigned': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      assigneeId: z.string().optional(),
      previousAssigneeId: z.string().optional(),
      teamId: z.string().optional(),
      previousTeamId: z.string().optional(),
      /** The ticket's status kind and opening time, so the service KPIs move its backlog count between teams without reading it. */
      statusKind: z.enum(ticketStatusKinds).optional(),
      ticketCreatedAt: z.string().optional(),
      /** How the assignee was chosen: by the support routing's strategy, or by hand (`manual`). */
      strategy: z.enum(['manual', 'round-robin', 'weighted', 'capacity']).optional(),
    }),
  },
  'Ticket Status Changed': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      fromStatusId: z.string().optional(),
      toStatusId: z.string(),
      fromKind: z.enum(ticketStatusKinds).optional(),
      toKind: z.enum(ticketStatusKinds),
      assigneeId: z.string().optional(),
      teamId: z.string().optional(),
      /** When the ticket was opened: the service KPIs keep its backlog count on that day, for the backlog's age. */
      ticketCreatedAt: z.string().optional(),
    }),
  },
  /** Moved to a resolved status, or closed without being resolved first. */
  'Ticket Resolved': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      contactId: z.string(),
      companyId: z.string().optional(),
      assigneeId: z.string().optional(),
      teamId: z.string().optional(),
      priority: z.string(),
      /** When the ticket was opened, so a consumer can measure the resolution time without reading it. */
      ticketCreatedAt: z.string().optional(),
    }),
  },
  /** An agent answered the customer (an outbound message); `firstResponse` on the ticket's first answer. */
  'Ticket Replied': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      messageId: z.string(),
      contactId: z.string(),
      companyId: z.string().optional(),
      assigneeId: z.string().optional(),
      teamId: z.string().optional(),
      priority: z.string(),
      firstResponse: z.boolean(),
      /** When the ticket was opened, so a consumer can measure the first response without reading it. */
      ticketCreatedAt: z.string(),
    }),
  },
  /** A resolved ticket moved back to an open or waiting status. */
  'Ticket Reopened': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      toStatusId: z.string(),
      assigneeId: z.string().optional(),
      teamId: z.string().optional(),
    }),
  },
  /** The priority changed (PATCH): the SLA policy's targets for the ticket may change with it. */
  'Ticket Priority Changed': {
    source: 'relay.tickets',
    detail: z.object({
      ...ticketEnvelope,
      fromPriority: z.string(),
      toPriority: z.string(),
    }),
  },
  /** An admin saved new SLA settings: open tickets' breaching-soon order and SLA timers are planned again. */
  'SLA Settings Changed': {
    source: 'relay.tickets',
    detail: z.object({ ...envelope, version: z.literal(1), settingsVersion: z.number().int() }),
  },
  /** An SLA target reached its warning share (the breach follows at the target unless the clock stops first). */
  'Ticket SLA Warning': { source: 'relay.tickets', detail: z.object(slaFiredFields) },
  /** An SLA target was breached; the team's manager is emailed and, if the policy says so, the ticket reassigned. */
  'Ticket SLA Breached': { source: 'relay.tickets', detail: z.object(slaFiredFields) },
  'Survey Requested': {
    source: 'relay.surveys',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      surveyId: z.string(),
      contactId: z.string(),
      dealId: z.string().optional(),
    }),
  },
  'Survey Sent': {
    source: 'relay.surveys',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      surveyId: z.string(),
      sendId: z.string(),
      contactId: z.string(),
    }),
  },
  'Survey Expired': {
    source: 'relay.surveys',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      surveyId: z.string(),
      sendId: z.string(),
      contactId: z.string(),
    }),
  },
  'Survey Response Received': {
    source: 'relay.surveys',
    detail: z.object({
      ...envelope,
      version: z.literal(1),
      surveyId: z.string(),
      sendId: z.string(),
      contactId: z.string(),
      dealId: z.string().optional(),
      /** The ticket whose resolution asked (a `Ticket Resolved` survey). */
      ticketId: z.string().optional(),
      kind: z.enum(['nps', 'csat', 'ces']),
      score: z.number().int(),
      category: z.enum(['detractor', 'passive', 'promoter']),
      /** Answered after the survey stopped waiting (no follow-up ran). */
      late: z.boolean(),
    }),
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventDetail<T extends EventType> = z.infer<(typeof eventCatalog)[T]['detail']>;

/** A domain event as it leaves Relay: the EventBridge entry without the bus name. */
export interface DomainEvent<T extends EventType = EventType> {
  source: (typeof eventCatalog)[T]['source'];
  detailType: T;
  detail: EventDetail<T>;
}

/** Builds a validated event; `fields` are the event-specific members of its detail. */
export function domainEvent<T extends EventType>(
  detailType: T,
  fields: Omit<EventDetail<T>, 'id' | 'occurredAt' | 'version'>,
  meta: { id: string; occurredAt: string },
): DomainEvent<T> {
  const entry = eventCatalog[detailType];
  const detail = entry.detail.parse({ ...fields, ...meta, version: 1 }) as EventDetail<T>;
  return { source: entry.source as DomainEvent<T>['source'], detailType, detail };
}
