import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { domainEvent } from '../events/catalog.ts';
import type { EngagementRepository } from '../scoring/engagement.repository.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import type { EmailFeedbackRepository } from './email-feedback.repository.ts';
import type { SuppressionRepository } from './suppression.repository.ts';
import { campaignMessageKeyParts } from './message-key.rules.ts';
import type { EnrollmentRepository } from './enrollment.repository.ts';
import { enrollmentId } from './enrollment.schema.ts';
import type { StepCountRepository } from './step-counts.repository.ts';

export interface EmailFeedbackDeps {
  contacts: ContactRepository;
  enrollments: EnrollmentRepository;
  stepCounts: StepCountRepository;
  activities: ActivityRepository;
  engagements: EngagementRepository;
  suppressions: SuppressionRepository;
  emailFeedback: EmailFeedbackRepository;
  context: AppContext;
}

export const emailFeedbackTypes = ['delivery', 'open', 'click', 'bounce', 'complaint'] as const;
export type EmailFeedbackType = (typeof emailFeedbackTypes)[number];

/** The contact a campaign message key (`campaign:<campaign>:<contact>:<run>:<step>`) was sent to. */
const contactOf = (messageKey: string) => messageKey.split(':')[2];

/**
 * What SES reports about a sent campaign email: an open or click becomes an engagement (branches
 * read it; Engagement Tracked rescores the lead) and counts in its step's `opened` or `clicked`; a
 * hard bounce or complaint suppresses the address. Each report is recorded once per message and
 * type: SES reports every reopen, and a repeat adds no engagement, timeline entry, event or count.
 */
export async function recordEmailFeedback(
  deps: EmailFeedbackDeps,
  feedback: { messageKey: string; type: EmailFeedbackType; bounceType?: 'Permanent' | 'Transient' | 'Undetermined' },
) {
  const contactId = contactOf(feedback.messageKey);
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  if (!contact) return { recorded: false as const };
  const at = isoNow(deps.context);
  const id = `${feedback.messageKey}:${feedback.type}`;
  const onTimeline = () =>
    deps.activities.createItem(
      newActivity(
        {
          type: 'email',
          subject: `Email ${feedback.type}${feedback.bounceType ? ` (${feedback.bounceType.toLowerCase()})` : ''}`,
          contactId: contact.id,
          // The same instant as its event's, so a rebuild of the campaign's results counts it on the same day.
          occurredAt: at,
          direction: 'outbound',
          details: { messageKey: feedback.messageKey, event: feedback.type },
        },
        systemPrincipal,
        deps.context,
      ),
    );
  if (feedback.type === 'open' || feedback.type === 'click') {
    const kind = feedback.type === 'open' ? 'email_opened' : 'email_clicked';
    const event = domainEvent(
      'Engagement Tracked',
      { contactId: contact.id, engagementId: id, kind, name: feedback.messageKey.split(':')[4] },
      { id: `engagement-${id}`, occurredAt: at },
    );
    return writeOnce(deps, feedback, at, [
      deps.engagements.recordItem({ id, contactId: contact.id, kind, occurredAt: at, sourceId: feedback.messageKey }),
      deps.contacts.outboxItem(event),
      onTimeline(),
      ...(await stepCountItems(deps, feedback.messageKey, feedback.type === 'open' ? 'opened' : 'clicked', at)),
    ]);
  }
  // A transient bounce (mailbox full) is not a reason to stop; a permanent one and a complaint are.
  if ((feedback.type === 'bounce' && feedback.bounceType === 'Permanent') || feedback.type === 'complaint') {
    const reason = feedback.type === 'bounce' ? 'bounced' : 'complained';
    const event = domainEvent(
      feedback.type === 'bounce' ? 'Email Bounced' : 'Email Complained',
      { contactId: contact.id, messageKey: feedback.messageKey },
      { id: `feedback-${id}`, occurredAt: at },
    );
    return writeOnce(deps, feedback, at, [
      deps.suppressions.suppressItem(contact.emailNormalised, reason, at, feedback.messageKey),
      deps.contacts.outboxItem(event),
      onTimeline(),
    ]);
  }
  return { recorded: false as const };
}

/**
 * The step counter of the email the report is about, in the version and A/B variant the enrollment sent
 * it from. Only while the enrollment is still on that run: a report about an earlier run's email (the
 * contact re-enrolled since) is recorded, but its step is no longer known and it counts on none.
 */
async function stepCountItems(
  deps: EmailFeedbackDeps,
  messageKey: string,
  kind: 'opened' | 'clicked',
  at: string,
): Promise<TransactItem[]> {
  const parts = campaignMessageKeyParts(messageKey);
  if (!parts) return [];
  const enrollment = await deps.enrollments.get(enrollmentId(parts.campaignId, parts.contactId));
  const sent = enrollment?.run === parts.run ? enrollment.sent.find((send) => send.stepId === parts.stepId) : undefined;
  return enrollment && sent ? deps.stepCounts.engagementItems(enrollment, kind, sent, at) : [];
}

async function writeOnce(
  deps: EmailFeedbackDeps,
  feedback: { messageKey: string; type: EmailFeedbackType },
  at: string,
  items: TransactItem[],
) {
  try {
    await deps.contacts.write([deps.emailFeedback.firstReportItem(feedback.messageKey, feedback.type, at), ...items]);
    return { recorded: true as const };
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedItems[0]) return { recorded: false as const };
    throw error;
  }
}
