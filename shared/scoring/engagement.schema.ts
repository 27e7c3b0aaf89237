import * as z from 'zod';
import { Email, Timestamp, Ulid } from '../common/fields.ts';

/** What a website or app reports through POST /track (email engagement arrives from SES, form submissions from intake). */
export const TrackEngagementRequest = z
  .strictObject({
    contactId: Ulid.optional(),
    email: Email.optional(),
    kind: z.enum(['page_viewed', 'event_tracked']),
    /** The event's name ("pricing-page", "trial-started"); scoring rules match on it. */
    name: z.string().trim().min(1).max(200),
    url: z.url().max(2000).optional(),
    occurredAt: Timestamp.optional(),
    /** The caller's id for this engagement: sending it again (with the same occurredAt) records it once. */
    engagementId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'use letters, digits and _ . : - (at most 64)')
      .optional(),
  })
  .refine((request) => (request.contactId === undefined) !== (request.email === undefined), {
    message: 'name the contact by contactId or by email (one of them)',
    path: ['contactId'],
  });
export type TrackEngagementRequest = z.infer<typeof TrackEngagementRequest>;

export const TrackEngagementReceipt = z.object({
  engagementId: z.string(),
  contactId: z.string(),
  status: z.literal('tracked'),
});
