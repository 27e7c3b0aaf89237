import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import { normaliseEmail } from '../contacts/email.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { domainEvent } from '../events/catalog.ts';
import type { EngagementRepository } from '../scoring/engagement.repository.ts';
import type { EmailFeedbackRepository } from './email-feedback.repository.ts';

export interface InboundEmailDeps {
  contacts: ContactRepository;
  activities: ActivityRepository;
  engagements: EngagementRepository;
  emailFeedback: EmailFeedbackRepository;
  context: AppContext;
}

/** An email received at the reply-to address, as SES receiving reports it (headers only, never the body). */
export interface InboundEmail {
  /** The sender's address, without display name. */
  from: string;
  subject?: string;
  /** The Message-ID the sender's mail server gave it: a redelivery carries the same one. */
  messageId: string;
  receivedAt: string;
}

/**
 * A contact replied to our email: the reply goes on their timeline (owned by their rep, who should
 * answer it), and becomes an `email_replied` engagement, which ends journeys that exit on reply and
 * which scoring rules may reward. Mail from unknown senders is ignored; a redelivery is recorded once.
 */
export async function recordInboundEmail(deps: InboundEmailDeps, email: InboundEmail): Promise<{ recorded: boolean }> {
  const contactId = await deps.contacts.findIdByEmail(normaliseEmail(email.from));
  const contact = contactId ? await deps.contacts.get(contactId) : undefined;
  if (!contact) return { recorded: false };
  const at = isoNow(deps.context);
  const id = `reply:${email.messageId}`;
  const activity = newActivity(
    {
      type: 'email',
      direction: 'inbound',
      subject: email.subject?.slice(0, 300) || '(no subject)',
      contactId: contact.id,
      occurredAt: email.receivedAt,
      ...(contact.ownerId ? { ownerId: contact.ownerId } : {}),
      details: { messageId: email.messageId.slice(0, 2000) },
    },
    systemPrincipal,
    deps.context,
  );
  // The reply happened when it was received: its event, engagement and timeline entry all say so, so a
  // campaign's results (which credit it to the campaign that mailed the contact last before) agree with a rebuild.
  const event = domainEvent(
    'Engagement Tracked',
    { contactId: contact.id, engagementId: id, kind: 'email_replied' },
    { id: `engagement-${contact.id}-${id}`, occurredAt: activity.occurredAt },
  );
  try {
    await deps.contacts.write([
      deps.emailFeedback.firstReportItem(email.messageId, 'reply', at),
      deps.engagements.recordItem({
        id,
        contactId: contact.id,
        kind: 'email_replied',
        occurredAt: activity.occurredAt,
        sourceId: email.messageId,
      }),
      deps.activities.createItem(activity),
      deps.contacts.outboxItem(event),
    ]);
    return { recorded: true };
  } catch (error) {
    if (error instanceof TransactionConditionFailed && error.failedItems[0]) return { recorded: false };
    throw error;
  }
}
