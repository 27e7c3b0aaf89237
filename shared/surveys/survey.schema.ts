import * as z from 'zod';
import { Activity } from '../activities/activity.schema.ts';
import { Cursor, IntegerText, Limit, Name, Ulid, versionedFields } from '../common/fields.ts';

export const surveyKinds = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

/**
 * Events that send a survey: a won deal by default, a lost one, a resolved ticket (CSAT or CES of the
 * service desk, asked once per ticket), or `Survey Requested` (published by `POST /surveys/{id}/requests`,
 * for anything else: a closed ticket in another system, an onboarding call).
 */
export const surveyTriggers = ['Deal Won', 'Deal Lost', 'Ticket Resolved', 'Survey Requested'] as const;
export type SurveyTrigger = (typeof surveyTriggers)[number];

const Question = z.string().trim().min(1).max(300);

const surveyFields = {
  name: Name(100),
  /** NPS (0–10, likely to recommend), CSAT (1–5, satisfied) or CES (1–7, easy to get done). */
  kind: z.enum(surveyKinds),
  question: Question,
  /** Asked on the thank-you page, with a free-text box. */
  followUpQuestion: Question.default('What is the main reason for your score?'),
  trigger: z.enum(surveyTriggers).default('Deal Won'),
  /** How long after the trigger the survey is sent. */
  delay: z
    .strictObject({
      days: z.number().int().min(0).max(365).default(0),
      hours: z.number().int().min(0).max(23).default(0),
    })
    .default({ days: 0, hours: 0 }),
  /** One reminder to those who have not answered, this many days after the survey; null for none. */
  reminder: z
    .strictObject({ afterDays: z.number().int().min(1).max(30) })
    .nullable()
    .default({ afterDays: 3 }),
  /** After this many days (from sending) the survey stops waiting; later answers are still recorded. */
  expiresAfterDays: z.number().int().min(1).max(90).default(14),
  /** Where promoters are asked to leave a review (or refer a friend). */
  reviewUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000),
  status: z.enum(['active', 'paused']).default('active'),
};

const reminderBeforeExpiry = (survey: { reminder?: { afterDays: number } | null; expiresAfterDays?: number }) =>
  !survey.reminder || survey.expiresAfterDays === undefined || survey.reminder.afterDays < survey.expiresAfterDays;
const reminderRule = { message: 'the reminder must come before the survey expires', path: ['reminder', 'afterDays'] };

export const CreateSurveyRequest = z.strictObject(surveyFields).refine(reminderBeforeExpiry, reminderRule);
export type CreateSurveyRequest = z.infer<typeof CreateSurveyRequest>;

export const UpdateSurveyRequest = z
  .strictObject({
    name: surveyFields.name.optional(),
    question: Question.optional(),
    followUpQuestion: Question.optional(),
    trigger: z.enum(surveyTriggers).optional(),
    delay: z
      .strictObject({ days: z.number().int().min(0).max(365), hours: z.number().int().min(0).max(23) })
      .optional(),
    reminder: z
      .strictObject({ afterDays: z.number().int().min(1).max(30) })
      .nullable()
      .optional(),
    expiresAfterDays: z.number().int().min(1).max(90).optional(),
    reviewUrl: surveyFields.reviewUrl.optional(),
    status: z.enum(['active', 'paused']).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateSurveyRequest = z.infer<typeof UpdateSurveyRequest>;

export const Survey = z.object({
  ...versionedFields,
  name: z.string(),
  kind: z.enum(surveyKinds),
  question: z.string(),
  followUpQuestion: z.string(),
  trigger: z.enum(surveyTriggers),
  delay: z.object({ days: z.number(), hours: z.number() }),
  reminder: z.object({ afterDays: z.number() }).nullable(),
  expiresAfterDays: z.number(),
  reviewUrl: z.string(),
  status: z.enum(['active', 'paused']),
});
export type Survey = z.infer<typeof Survey>;

export const SurveyId = z.strictObject({ surveyId: Ulid });
export const ListSurveysQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });

export const RequestSurveyRequest = z.strictObject({ contactId: Ulid, dealId: Ulid.optional() });
export type RequestSurveyRequest = z.infer<typeof RequestSurveyRequest>;

export const responseCategories = ['detractor', 'passive', 'promoter'] as const;
export type ResponseCategory = (typeof responseCategories)[number];

/** One contact's answer to one sent survey: a second click changes it, never adds another. */
export const SurveyResponse = z.object({
  sendId: z.string(),
  surveyId: z.string(),
  contactId: z.string(),
  kind: z.enum(surveyKinds),
  score: z.number().int(),
  category: z.enum(responseCategories),
  comment: z.string().optional(),
  /** The timeline entry of the answer, kept in step with the score. */
  activityId: z.string(),
  /** The ticket whose resolution asked (a `Ticket Resolved` survey), and its team then. */
  ticketId: z.string().optional(),
  ticketTeamId: z.string().optional(),
  answeredAt: z.string(),
  updatedAt: z.string(),
  /** Answered after the survey stopped waiting: recorded, but the workflow had already ended. */
  late: z.boolean(),
});
export type SurveyResponse = z.infer<typeof SurveyResponse>;

/** A response as listed: a detractor's carries the follow-up task their owner was given, as it is now. */
export const SurveyResponseWithFollowUp = SurveyResponse.extend({
  followUpTask: Activity.optional().describe(
    'A detractor’s follow-up task (open or done), once the workflow created it',
  ),
});
export type SurveyResponseWithFollowUp = z.infer<typeof SurveyResponseWithFollowUp>;

export const ListSurveyResponsesQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });

/** The public answer link: the signed send, and a score (the thank-you page's form posts a comment too). */
export const AnswerQuery = z.strictObject({
  token: z.string().min(10).max(2000),
  score: IntegerText(0, 10),
});
export const AnswerForm = z.strictObject({ comment: z.string().max(2000).optional() });
