import * as z from 'zod';

export const enrollmentStatuses = ['active', 'held', 'ended'] as const;
export const journeyEnds = [
  'completed',
  'converted',
  'unsubscribed',
  'bounced',
  'complained',
  'erased',
  'replied',
  'left-segment',
  'no-consent',
  'campaign-archived',
] as const;

/** One contact's way through one published version of a campaign. */
export const Enrollment = z.object({
  /** `<campaignId>:<contactId>`: a contact is in a campaign at most once at a time. */
  id: z.string(),
  campaignId: z.string(),
  contactId: z.string(),
  campaignVersion: z.number().int().positive(),
  /** Counts enrollments of this contact in this campaign; timers and send keys carry it, so a re-enrollment never collides with the last. */
  run: z.number().int().positive(),
  status: z.enum(enrollmentStatuses),
  /** The step to run next; absent once ended. */
  stepId: z.string().optional(),
  /**
   * The step the version's step counters hold this enrollment at (its `waiting`): the step it is at,
   * or the wait it is sleeping out (while `stepId` already names the step after it). Absent once
   * ended, and on an enrollment begun before the counters existed until its next move.
   */
  atStepId: z.string().optional(),
  sent: z.array(z.object({ stepId: z.string(), variantId: z.string().optional(), at: z.string() })),
  enrolledAt: z.string(),
  /** When the next step is due (a wait, the send window or the frequency cap). */
  nextRunAt: z.string().optional(),
  endedAt: z.string().optional(),
  endReason: z.enum(journeyEnds).optional(),
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const enrollmentId = (campaignId: string, contactId: string) => `${campaignId}:${contactId}`;

export const EnrollRequest = z.strictObject({
  contactId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID'),
});
