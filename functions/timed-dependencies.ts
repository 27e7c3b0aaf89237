import type { CampaignStepDeps } from '#shared/campaigns/campaign-step.service.ts';
import type { EnrollmentDeps } from '#shared/campaigns/enrollment.service.ts';
import { tableRefFromEnvironment } from '#shared/db/document-client.ts';
import type { OwnerNoticeDeps } from '#shared/leads/lead-owner-notice.service.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import type { SegmentCountDeps } from '#shared/segments/segment-count.service.ts';
import type { TicketSlaTimerDeps } from '#shared/sla/ticket-sla-timers.service.ts';
import { deps, type Dependencies } from './dependencies.ts';
import { appSecrets } from './secrets.ts';
import { timerScheduler } from './timers/timer-scheduler.ts';

// Apart from dependencies.ts so that only the functions that set timers bundle the Scheduler and
// Step Functions clients.

/** What notifying an assigned owner and checking the SLA need: email and one-time timers. */
export function ownerNoticeDeps(): OwnerNoticeDeps {
  return {
    ...deps(),
    email: new EmailSender(tableRefFromEnvironment(), process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>'),
    timers: timerScheduler(),
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
  };
}

/** What planning and firing a ticket's SLA timers need: the repositories, timers, and email for the escalation. */
export function ticketSlaTimerDeps(): TicketSlaTimerDeps {
  return {
    ...deps(),
    timers: timerScheduler(),
    email: new EmailSender(tableRefFromEnvironment(), process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>'),
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
  };
}

/** What enrolling a contact needs: the repositories and the timer that runs the first step. */
export function enrollmentDeps(): Dependencies & EnrollmentDeps {
  return { ...deps(), timers: timerScheduler() };
}

/** What counting a big segment in the background needs: the repositories and the timer that starts the workflow. */
export function segmentCountDeps(): Dependencies & SegmentCountDeps {
  return { ...deps(), timers: timerScheduler() };
}

/** What running a campaign step needs: email, timers, and the key that signs unsubscribe links. */
export async function campaignStepDeps(): Promise<CampaignStepDeps> {
  const secrets = await appSecrets();
  return {
    ...deps(),
    email: new EmailSender(
      tableRefFromEnvironment(),
      process.env.EMAIL_FROM ?? 'Relay <no-reply@relay.example>',
      undefined,
      process.env.SES_CONFIGURATION_SET,
    ),
    timers: timerScheduler(),
    publicApiUrl: process.env.PUBLIC_API_URL ?? '',
    unsubscribeKey: secrets.unsubscribeKey,
    ...(process.env.EMAIL_REPLY_TO ? { replyTo: process.env.EMAIL_REPLY_TO } : {}),
  };
}
