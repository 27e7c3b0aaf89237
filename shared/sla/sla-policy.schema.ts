import * as z from 'zod';
import { Ulid } from '../common/fields.ts';

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

/** Ninety days of working time: a longer target is a typo, not a service level. */
const longestTargetMinutes = 90 * 24 * 60;
const TargetMinutes = z
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(longestTargetMinutes, `must be at most ${longestTargetMinutes} minutes (90 days)`);

export const SlaTargets = z
  .strictObject({
    /** Working minutes from the ticket's creation to the first reply an agent sends. */
    firstResponseMinutes: TargetMinutes,
    /** Working minutes from the ticket's creation to its resolution, not counting waits on the customer. */
    resolutionMinutes: TargetMinutes,
  })
  .refine((targets) => targets.resolutionMinutes >= targets.firstResponseMinutes, {
    message: 'must not be shorter than the first response target',
    path: ['resolutionMinutes'],
  });
export type SlaTargets = z.infer<typeof SlaTargets>;

/**
 * A service level: working-time targets per priority (a priority without targets has no SLA), for
 * every company or for companies of one tier, and the share of a target at which a warning goes out.
 */
export const SlaPolicy = z.strictObject({
  name: z.string().trim().min(1).max(120),
  /** Only tickets of companies in this tier; a policy without one applies to the rest. */
  companyTier: z.string().trim().min(1).max(60).optional(),
  targets: z.partialRecord(z.enum(ticketPriorities), SlaTargets),
  warningShare: z
    .number()
    .gt(0, 'must be more than 0')
    .lt(1, 'must be less than 1 (the breach itself is at 1)')
    .default(0.75),
  /** What a breach does beyond telling the team's manager: hand the ticket to another owner (an escalation agent). */
  escalation: z
    .strictObject({
      /** The owner a breached ticket is reassigned to (once per breach); none keeps the assignee. */
      reassignTo: Ulid.optional(),
    })
    .optional(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
