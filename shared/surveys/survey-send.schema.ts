import * as z from 'zod';
import { surveyKinds } from './survey.schema.ts';

/**
 * planned → (skipped | waiting) → (answered → completed | expired). `waiting` holds the task token
 * of the workflow state waiting for the answer (the survey email's, then the reminder's).
 */
export const sendStatuses = ['planned', 'skipped', 'waiting', 'answered', 'completed', 'expired'] as const;

export const SurveySend = z.object({
  id: z.string(),
  surveyId: z.string(),
  contactId: z.string(),
  dealId: z.string().optional(),
  /** The ticket whose resolution asked (a `Ticket Resolved` survey): one send per ticket, however often it is resolved. */
  ticketId: z.string().optional(),
  /** The ticket's team when it was resolved, for the team's CSAT/CES. */
  ticketTeamId: z.string().optional(),
  /** The event that asked for it: one send per survey and event, however often the event is delivered. */
  triggerEventId: z.string(),
  kind: z.enum(surveyKinds),
  status: z.enum(sendStatuses),
  taskToken: z.string().optional(),
  reminded: z.boolean(),
  skippedBecause: z.string().optional(),
  /** The detractor follow-up task, once created (so a retried step creates one). */
  followUpTaskId: z.string().optional(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  version: z.number().int().positive(),
  updatedAt: z.string(),
});
export type SurveySend = z.infer<typeof SurveySend>;
