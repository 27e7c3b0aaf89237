import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import type { Principal } from '../auth/principal.ts';
import type { SuppressionRepository } from '../campaigns/suppression.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import type { TransactItem } from '../db/transactions.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import { escapeHtml } from '../messaging/html.ts';
import { bracketed, messageIdKey, replyDelivery, replyThreading, supportMessageId } from './ticket-email.rules.ts';
import type { TicketRepository } from './ticket.repository.ts';
import type { Ticket, TicketMessage } from './ticket.schema.ts';
import { replySubject } from './ticket-thread.rules.ts';

/** The support mailbox: where customers write (SES receiving) and what answers come from. */
export interface TicketEmailSettings {
  /** SUPPORT_ADDRESS; unset: no email channel (answers are recorded, not emailed). */
  supportAddress?: string;
  /** TICKET_REOPEN_WITHIN_DAYS: a customer's email reopens a resolved ticket this long after it was resolved. */
  reopenWithinDays: number;
}

/** A week: long enough for "it broke again", short enough that a new problem gets a new ticket. */
export const defaultReopenWithinDays = 7;

export interface TicketReplyDeps {
  tickets: TicketRepository;
  contacts: ContactRepository;
  suppressions: SuppressionRepository;
  activities: ActivityRepository;
  context: AppContext;
  ticketEmail: TicketEmailSettings;
}

/** How many of the conversation's newest messages an answer's threading headers are built from. */
const threadingWindow = 25;

/**
 * An agent's answer as it is recorded: whether it will be emailed (and why not), its Message-ID and
 * threading headers, and what is written with it: the Message-ID's marker (so the customer's reply
 * finds the ticket) and the entry on the contact's timeline. The email itself goes out once, later,
 * from the Ticket Replied event (emailTicketReply).
 */
export async function prepareReply(
  deps: TicketReplyDeps,
  ticket: Ticket,
  message: TicketMessage,
  by: Principal,
): Promise<{ message: TicketMessage; alongside: TransactItem[] }> {
  const contact = await deps.contacts.get(ticket.contactId);
  const suppression = contact ? await deps.suppressions.reasonFor(contact.emailNormalised) : undefined;
  const { supportAddress } = deps.ticketEmail;
  const delivery = replyDelivery({ supportAddress, contactExists: contact !== undefined, suppression });
  const subject = replySubject(ticket.subject, ticket.number);
  const email =
    delivery.status === 'queued' && supportAddress
      ? {
          messageId: supportMessageId(message.id, supportAddress),
          subject,
          ...replyThreading(await deps.tickets.latestMessages(ticket.id, threadingWindow)),
        }
      : undefined;
  const recorded: TicketMessage = { ...message, delivery, ...(email ? { email } : {}) };
  const alongside: TransactItem[] = [];
  if (email) alongside.push(deps.tickets.emailMarkerItem(email.messageId, ticket.id, message.id));
  if (contact)
    alongside.push(
      deps.activities.createItem(
        newActivity(
          {
            type: 'email',
            direction: 'outbound',
            subject,
            body: message.body,
            contactId: contact.id,
            occurredAt: message.at,
            ...(ticket.assigneeId ? { ownerId: ticket.assigneeId } : {}),
            details: {
              ticketId: ticket.id,
              ticketNumber: ticket.number,
              ticketMessageId: message.id,
              emailed: delivery.status === 'queued',
              ...(delivery.status === 'not-emailed' ? { notEmailedBecause: delivery.reason } : {}),
            },
          },
          by,
          deps.context,
        ),
      ),
    );
  return { message: recorded, alongside };
}

export interface TicketReplyMailDeps extends Pick<TicketReplyDeps, 'tickets' | 'contacts' | 'suppressions'> {
  /** Sends from the support address. */
  supportMail: EmailSender;
}

export type ReplyMailOutcome = 'sent' | 'already-sent' | 'not-emailed' | 'no-message';

/**
 * Emails a recorded answer to the ticket's contact from the support address, at most once however
 * often the Ticket Replied event is delivered (the send marker is keyed by the message). Suppression is
 * read again: an address that bounced since the answer was written is not mailed.
 */
export async function emailTicketReply(
  deps: TicketReplyMailDeps,
  reply: { ticketId: string; messageId: string; at: string },
): Promise<ReplyMailOutcome> {
  const message = await deps.tickets.getMessage(reply.ticketId, reply.at, reply.messageId);
  if (!message) return 'no-message';
  if (message.delivery?.status !== 'queued' || !message.email) return 'not-emailed';
  const ticket = await deps.tickets.get(reply.ticketId);
  if (!ticket) return 'no-message';
  const contact = await deps.contacts.get(ticket.contactId);
  if (!contact) return 'not-emailed';
  const suppression = await deps.suppressions.reasonFor(contact.emailNormalised);
  if (suppression && suppression !== 'unsubscribed') return 'not-emailed';
  const { email } = message;
  const sent = await deps.supportMail.sendOnceWithMessageId(`ticket-reply:${message.id}`, {
    to: contact.email,
    subject: email.subject,
    text: message.body,
    // dir="auto": a Persian or Arabic answer reads right to left, an English one left to right.
    html: `<div dir="auto" style="white-space:pre-wrap">${escapeHtml(message.body)}</div>`,
    headers: [
      { name: 'Message-ID', value: bracketed(email.messageId) },
      ...(email.inReplyTo ? [{ name: 'In-Reply-To', value: bracketed(email.inReplyTo) }] : []),
      ...(email.references?.length ? [{ name: 'References', value: email.references.map(bracketed).join(' ') }] : []),
    ],
  });
  // SES replaces the Message-ID with its own: file that one too, so the customer's reply finds the ticket.
  if (sent.outcome === 'sent' && sent.sesMessageId)
    await deps.tickets.addEmailAlias(messageIdKey(`${sent.sesMessageId}@amazonses.com`), ticket.id, message.id);
  return sent.outcome;
}
