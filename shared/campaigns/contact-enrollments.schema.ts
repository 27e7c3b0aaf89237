import * as z from 'zod';
import { Cursor, Limit } from '../common/fields.ts';
import { enrollmentStatuses, journeyEnds } from './enrollment.schema.ts';

/** One campaign email sent in an enrollment, with the message key its opens, clicks and bounces are reported under. */
export const EnrollmentSend = z.object({
  stepId: z.string(),
  variantId: z.string().optional(),
  at: z.string(),
  messageKey: z.string(),
});

/** A contact's enrollment in a campaign, as the contact record shows it. */
export const ContactEnrollment = z.object({
  campaignId: z.string(),
  /** Absent when the campaign is gone. */
  campaignName: z.string().optional(),
  campaignVersion: z.number().int().positive(),
  /** The how-many-th enrollment of this contact in this campaign. */
  run: z.number().int().positive(),
  status: z.enum(enrollmentStatuses),
  /** The step it runs next; absent once ended. */
  currentStepId: z.string().optional(),
  enrolledAt: z.string(),
  nextRunAt: z.string().optional(),
  endedAt: z.string().optional(),
  endReason: z.enum(journeyEnds).optional(),
  emailsSent: z.number().int().min(0),
  sends: z.array(EnrollmentSend),
});
export type ContactEnrollment = z.infer<typeof ContactEnrollment>;

export const ContactEnrollmentsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type ContactEnrollmentsQuery = z.infer<typeof ContactEnrollmentsQuery>;
