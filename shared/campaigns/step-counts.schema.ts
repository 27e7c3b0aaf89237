import * as z from 'zod';
import { CampaignVersion } from './campaign.schema.ts';
import { exitReasonsCounted } from './step-counts.rules.ts';

const Count = z.number().int();
const Exited = z
  .object(
    Object.fromEntries(exitReasonsCounted.map((reason) => [reason, Count])) as Record<
      (typeof exitReasonsCounted)[number],
      typeof Count
    >,
  )
  .meta({ description: 'Enrollments that left the journey early, by reason (converted and completed are apart)' });

const Ended = {
  converted: Count.meta({ description: 'Enrollments that left as converted: a goal step met, or the campaign goal' }),
  completed: Count.meta({ description: 'Enrollments that reached the end of the journey' }),
  exited: Exited,
};

/** One step's live numbers (see step-counts.rules.ts for what each counts). */
export const StepCounts = z.object({
  stepId: z.string(),
  type: z.enum(['email', 'wait', 'branch', 'update', 'notify-owner', 'goal']),
  entered: Count.meta({ description: 'Arrivals at the step (passing a branch or goal enters it too)' }),
  waiting: Count.meta({
    description:
      'Enrollments at the step now: sleeping out its wait, held by a pause, or deferred by the send window or frequency cap',
  }),
  sent: Count.meta({ description: 'Emails the step sent' }),
  opened: Count.meta({ description: "Enrollments that opened the step's email (the first open of each)" }),
  clicked: Count.meta({ description: "Enrollments that clicked in the step's email (the first click of each)" }),
  ...Ended,
  variants: z.array(z.object({ variantId: z.string(), sent: Count, opened: Count, clicked: Count })),
});

/** A version's live numbers: per step, in the definition's order, and in total. */
export const VersionStepCounts = z.object({
  countingSince: z.string().nullable().meta({
    description:
      'Since when the counters count: the version’s publication, or for a version published before the counters existed, their first count (null: nothing counted yet)',
  }),
  countsWholeVersion: z.boolean().meta({
    description:
      'True when every enrollment of the version has been counted from its start (published with the counters)',
  }),
  steps: z.array(StepCounts),
  totals: z.object({
    enrolled: Count.meta({ description: 'Arrivals at the first step: enrollments (a re-enrollment counts again)' }),
    waiting: Count.meta({ description: 'Enrollments in the journey now' }),
    sent: Count,
    opened: Count,
    clicked: Count,
    ...Ended,
  }),
});
export type VersionStepCounts = z.infer<typeof VersionStepCounts>;

export const CampaignVersionQuery = z.strictObject({
  stats: z
    .enum(['true', 'false'])
    .optional()
    .describe('Add `stats`: the live numbers on every step of the version (one query of its counters)'),
});

export const CampaignVersionWithStats = CampaignVersion.extend({ stats: VersionStepCounts.optional() });
export type CampaignVersionWithStats = z.infer<typeof CampaignVersionWithStats>;
