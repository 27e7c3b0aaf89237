import * as z from 'zod';
import { activityTypes } from '../activities/activity.schema.ts';
import { Limit } from '../common/fields.ts';
import { consentStatuses } from './contact.schema.ts';

/** What a timeline entry stands for, to open it: an activity, an engagement, a consent record, a deal. */
const Ref = <T extends string>(type: T) => z.object({ type: z.literal(type), id: z.string() });

const entryFields = {
  /** Unique within the timeline (`<ref type>:<ref id>`, plus the change for a deal's stage moves). */
  id: z.string(),
  /** ISO-8601 UTC; the timeline is newest first by it. */
  occurredAt: z.string(),
};

/**
 * One entry of a contact's timeline. Notes, calls, meetings, tasks, emails (logged, sent by a campaign,
 * opened, clicked, bounced, replied), form submissions and survey answers are all activities; page
 * views and tracked product events are engagements; consent changes carry their proof's summary
 * (GET /contacts/{contactId}/consent has the rest); a deal of the contact moving stage is its own kind.
 */
export const TimelineEntry = z.discriminatedUnion('kind', [
  z.object({
    ...entryFields,
    kind: z.literal('activity'),
    activityType: z.enum(activityTypes),
    subject: z.string().optional(),
    body: z.string().optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    durationSeconds: z.number().optional(),
    dueAt: z.string().optional(),
    done: z.boolean().optional(),
    ownerId: z.string().optional(),
    dealId: z.string().optional(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    loggedBy: z.string(),
    ref: Ref('activity'),
  }),
  z.object({
    ...entryFields,
    kind: z.literal('engagement'),
    engagementKind: z.enum(['page_viewed', 'event_tracked']),
    name: z.string().optional(),
    url: z.string().optional(),
    ref: Ref('engagement'),
  }),
  z.object({
    ...entryFields,
    kind: z.literal('consent'),
    status: z.enum(consentStatuses),
    method: z.enum(['form', 'webhook', 'double-opt-in', 'unsubscribe']),
    source: z.string(),
    textVersion: z.string().optional(),
    ref: Ref('consent-record'),
  }),
  z.object({
    ...entryFields,
    kind: z.literal('deal_stage_change'),
    dealId: z.string(),
    fromStageId: z.string().optional(),
    toStageId: z.string(),
    reason: z.string().optional(),
    byPrincipal: z.string(),
    ref: Ref('deal'),
  }),
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type TimelineEntryKind = TimelineEntry['kind'];

export const ContactTimelineQuery = z.strictObject({
  limit: Limit,
  /** Longer than other cursors: it keeps one position per source (activities, engagements, consent, each deal). */
  cursor: z.string().max(4096).optional(),
});
export type ContactTimelineQuery = z.infer<typeof ContactTimelineQuery>;
