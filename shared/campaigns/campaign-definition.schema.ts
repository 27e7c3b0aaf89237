import * as z from 'zod';
import { StoredNumber, TimeZone, Ulid } from '../common/fields.ts';
import { enrollingEventTypes } from './campaign-triggers.rules.ts';

const StepId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and - (at most 64)');
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const Weekday = z.enum(weekdays);
const Hour = z.number().int().min(0).max(23);

/** One email's content: Liquid templates (strict: an unknown variable or filter is an error). */
export const EmailContent = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  html: z.string().min(1).max(200_000),
  text: z.string().min(1).max(100_000),
});
export type EmailContent = z.infer<typeof EmailContent>;

const Variant = EmailContent.extend({
  id: StepId,
  /** Share of contacts, in percent; the variants' shares add up to 100. */ split: z.number().int().min(1).max(99),
});

const next = {
  /** The step after this one; absent = the next step in the list (the end after the last); null = the journey ends here. */
  next: StepId.nullable().optional(),
};

const EmailStep = z.strictObject({
  id: StepId,
  type: z.literal('email'),
  /** Either one content, or A/B variants with splits. */
  content: EmailContent.optional(),
  variants: z.array(Variant).min(2).max(5).optional(),
  ...next,
});

const WaitStep = z.strictObject({
  id: StepId,
  type: z.literal('wait'),
  /** Wait this long... */
  duration: z
    .strictObject({
      days: z.number().int().min(0).max(365).default(0),
      hours: z.number().int().min(0).max(23).default(0),
      minutes: z.number().int().min(0).max(59).default(0),
    })
    .optional(),
  /** ...or until the next of these weekdays at this hour, in the contact's time zone (the campaign's if unknown). */
  until: z
    .strictObject({
      weekdays: z.array(Weekday).min(1).max(7),
      hour: Hour,
      minute: z.number().int().min(0).max(59).default(0),
    })
    .optional(),
  ...next,
});

/** What a branch, a goal or an exit tests about the contact. */
export const ContactCondition = z.discriminatedUnion('kind', [
  /** The contact opened (or clicked) the email sent by an earlier step of this enrollment. */
  z.strictObject({ kind: z.literal('opened'), stepId: StepId }),
  z.strictObject({ kind: z.literal('clicked'), stepId: StepId }),
  z.strictObject({
    kind: z.literal('field'),
    field: z
      .string()
      .regex(
        /^(jobTitle|country|lifecycleStage|tags|custom\.[a-zA-Z][a-zA-Z0-9_]*)$/,
        'use jobTitle, country, lifecycleStage, tags or custom.<name>',
      ),
    operator: z.enum(['equals', 'not-equals', 'contains', 'in']),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()).max(100)]),
  }),
  z
    .strictObject({ kind: z.literal('score'), min: StoredNumber.optional(), max: StoredNumber.optional() })
    .refine((range) => range.min !== undefined || range.max !== undefined, 'a score condition needs min, max or both'),
  z.strictObject({ kind: z.literal('in-segment'), segmentId: Ulid }),
]);
export type ContactCondition = z.infer<typeof ContactCondition>;

/** A branch arm's target; a missing one is an arm not connected to any step yet (as a canvas shows it). */
const armTarget = (arm: 'then' | 'else') =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `the "${arm}" arm is not connected: give the step it leads to` : undefined,
    })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and - (at most 64)');

const BranchStep = z.strictObject({
  id: StepId,
  type: z.literal('branch'),
  condition: ContactCondition,
  then: armTarget('then'),
  else: armTarget('else'),
});

const UpdateStep = z.strictObject({
  id: StepId,
  type: z.literal('update'),
  /** Fields to set: lifecycleStage, tags to add, custom.<name>. */
  set: z.strictObject({
    lifecycleStage: z.enum(['subscriber', 'lead', 'mql', 'sql']).optional(),
    addTags: z.array(z.string().min(1).max(64)).max(20).optional(),
    customFields: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.union([z.string().max(1000), z.number(), z.boolean()]))
      .optional(),
  }),
  ...next,
});

const NotifyOwnerStep = z.strictObject({
  id: StepId,
  type: z.literal('notify-owner'),
  subject: z.string().trim().min(1).max(300),
  text: z.string().min(1).max(20_000),
  ...next,
});

/** A goal: a contact who meets it leaves the journey as converted; one who does not goes on. */
const GoalStep = z.strictObject({ id: StepId, type: z.literal('goal'), condition: ContactCondition, ...next });

export const CampaignStep = z.discriminatedUnion('type', [
  EmailStep,
  WaitStep,
  BranchStep,
  UpdateStep,
  NotifyOwnerStep,
  GoalStep,
]);
export type CampaignStep = z.infer<typeof CampaignStep>;

/** Events an `event` trigger may name: those the enroll-on-trigger subscriber listens to, and the nurture hand-off. */
const eventTypes = [...enrollingEventTypes, 'Campaign Enrollment Requested'] as const;

export const EnrollmentTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('segment'), segmentId: Ulid }),
  z.strictObject({ type: z.literal('form'), formId: Ulid }),
  z.strictObject({
    type: z.literal('event'),
    detailType: z.enum(eventTypes),
    /** Exact values the event's detail must have, e.g. { "stage": "mql" }. */ detail: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({}),
  }),
  z.strictObject({ type: z.literal('manual') }),
]);

export const exitReasons = ['unsubscribed', 'bounced', 'complained', 'goal-met', 'replied', 'left-segment'] as const;

/** A journey as marketing ops write it (JSON or YAML). Cross-step rules are checked by validateCampaignDefinition. */
export const CampaignDefinitionShape = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  trigger: EnrollmentTrigger,
  steps: z.array(CampaignStep).min(1).max(100),
  /** Campaign-level goal: whenever it is met, the contact leaves as converted. */
  goal: ContactCondition.optional(),
  /** Why a contact leaves early; unsubscribes, bounces and complaints always apply. */
  exitWhen: z.array(z.enum(exitReasons)).default(['unsubscribed', 'bounced', 'complained', 'goal-met']),
  reEnrollment: z
    .strictObject({
      policy: z.enum(['never', 'after-exit']),
      minDaysBetween: z.number().int().min(0).max(3650).default(0),
    })
    .default({ policy: 'never', minDaysBetween: 0 }),
  /** When emails may go out, in the contact's time zone (or `timeZone` when the contact has none). */
  sendWindow: z
    .strictObject({
      days: z.array(Weekday).min(1).max(7),
      startHour: Hour,
      endHour: z.number().int().min(1).max(24),
      timeZone: TimeZone.default('UTC'),
    })
    .refine((window) => window.startHour < window.endHour, {
      message: 'startHour must be before endHour',
      path: ['endHour'],
    })
    .default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHour: 9, endHour: 17, timeZone: 'UTC' }),
  /** At most this many marketing emails per contact in `perDays`, across all campaigns. */
  frequencyCap: z
    .strictObject({ maxEmails: z.number().int().min(1).max(100), perDays: z.number().int().min(1).max(90) })
    .default({ maxEmails: 3, perDays: 7 }),
});
export type CampaignDefinition = z.infer<typeof CampaignDefinitionShape>;
