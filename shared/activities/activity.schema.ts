import * as z from 'zod';
import { Cursor, Limit, Name, StoredNumber, Timestamp, Ulid, versionedFields } from '../common/fields.ts';

/** Every channel is an activity type, so one timeline shows the whole relationship. */
export const activityTypes = [
  'note',
  'call',
  'meeting',
  'task',
  'email',
  'sms',
  'chat',
  'form_submission',
  'survey_answer',
] as const;
export type ActivityType = (typeof activityTypes)[number];

const Details = z
  .record(
    z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
      .max(64),
    z.union([z.string().max(2000), StoredNumber, z.boolean(), z.null()]),
  )
  .refine((details) => Object.keys(details).length <= 30, { message: 'at most 30 details' });

export const CreateActivityRequest = z
  .strictObject({
    type: z.enum(activityTypes),
    subject: Name(300).optional(),
    body: z.string().max(20_000).optional(),
    /** When it happened (defaults to now); for tasks, when it was set. */
    occurredAt: Timestamp.optional(),
    contactId: Ulid.optional(),
    dealId: Ulid.optional(),
    companyId: Ulid.optional(),
    /** Who it belongs to (a task's assignee); defaults to the acting rep. */
    ownerId: Ulid.optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    dueAt: Timestamp.optional(),
    /** Channel-specific facts: call outcome, meeting location, email message id... */
    details: Details.default({}),
  })
  .refine((a) => a.contactId || a.dealId || a.companyId, {
    message: 'an activity belongs to a contact, a deal or a company',
    path: ['contactId'],
  })
  .refine((a) => a.type === 'task' || a.dueAt === undefined, {
    message: 'only tasks have a due date',
    path: ['dueAt'],
  });
export type CreateActivityRequest = z.infer<typeof CreateActivityRequest>;

export const UpdateActivityRequest = z
  .strictObject({
    subject: Name(300).nullable().optional(),
    body: z.string().max(20_000).nullable().optional(),
    ownerId: Ulid.nullable().optional(),
    dueAt: Timestamp.nullable().optional(),
    /** Completing (or reopening) a task. */
    done: z.boolean().optional(),
    details: Details.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateActivityRequest = z.infer<typeof UpdateActivityRequest>;

export const Activity = z.object({
  ...versionedFields,
  type: z.enum(activityTypes),
  subject: z.string().optional(),
  body: z.string().optional(),
  occurredAt: z.string(),
  contactId: z.string().optional(),
  dealId: z.string().optional(),
  companyId: z.string().optional(),
  ownerId: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  durationSeconds: z.number().optional(),
  dueAt: z.string().optional(),
  done: z.boolean().optional(),
  doneAt: z.string().optional(),
  /** Absent on activities written before channel details were kept: read as none. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  /** Who logged it (user sub, client id or "relay"). */
  loggedBy: z.string(),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityId = z.object({ activityId: Ulid });
export const ListActivitiesQuery = z
  .strictObject({
    contactId: Ulid.optional(),
    dealId: Ulid.optional(),
    companyId: Ulid.optional(),
    /** An owner's open tasks, soonest due first. */
    openTasksOf: Ulid.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => [q.contactId, q.dealId, q.companyId, q.openTasksOf].filter(Boolean).length === 1, {
    message: 'give exactly one of contactId, dealId, companyId or openTasksOf',
    path: ['contactId'],
  });
export type ListActivitiesQuery = z.infer<typeof ListActivitiesQuery>;
