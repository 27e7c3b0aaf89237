import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { Enrollment } from './enrollment.schema.ts';

/** The enrollment ended for `reason` at `at`, and its Campaign Enrollment Ended (one id per run: a retry publishes no second). */
export function endedEnrollment(
  enrollment: Enrollment,
  reason: NonNullable<Enrollment['endReason']>,
  at: string,
): { after: Enrollment; event: DomainEvent } {
  return {
    after: {
      ...enrollment,
      status: 'ended',
      stepId: undefined,
      atStepId: undefined,
      endedAt: at,
      endReason: reason,
      updatedAt: at,
    },
    event: domainEvent(
      'Campaign Enrollment Ended',
      { campaignId: enrollment.campaignId, contactId: enrollment.contactId, reason },
      { id: `ended-${enrollment.campaignId}-${enrollment.contactId}-${enrollment.run}`, occurredAt: at },
    ),
  };
}

/**
 * Whether an enrollment is active with no step left and nothing due later: what runs before this
 * fix left behind after a journey's last email or update (no timer will ever end it). An
 * enrollment waiting out a last wait step has that wait's end ahead in `nextRunAt`, and its timer ends it.
 */
export const ranOutOfSteps = (enrollment: Enrollment, now: string): boolean =>
  enrollment.status === 'active' && enrollment.stepId === undefined && (enrollment.nextRunAt ?? '') <= now;
