import type { Actor } from '../auth/actor.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { CreateContactRequest } from '../contacts/contact.schema.ts';
import { createContact, type ContactDeps } from '../contacts/contact.service.ts';
import { normaliseEmail } from '../contacts/email.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict } from '../errors.ts';
import { messageIdKey, withoutQuotedHistory } from './ticket-email.rules.ts';
import { defaultTicketPipeline } from './ticket-pipeline.ts';
import { CreateTicketRequest, type Ticket, type TicketMessage } from './ticket.schema.ts';
import { createTicket, planMoveWithSla, type TicketDeps } from './ticket.service.ts';
import {
  customerReplyEffect,
  threadCandidates,
  ticketNumberInSubject,
  withoutReplyPrefixes,
} from './ticket-thread.rules.ts';

/** An email received at the support address, as SES (or POST /_local/inbound-email) hands it over, MIME decoded. */
export interface SupportEmail {
  /** The sender's address, without display name. */
  from: string;
  /** The recipients named in To (the support address among them). */
  to?: string[];
  /** The sender's display name, if the From header had one. */
  fromName?: string;
  subject: string;
  /** The text part (or the HTML part as text when there is none). */
  text: string;
  /** The sender's Message-ID, without angle brackets: a redelivery carries the same one. */
  messageId: string;
  /** The raw header values, as written. */
  inReplyTo?: string;
  references?: string;
  receivedAt: string;
}

export type SupportEmailOutcome =
  | { outcome: 'opened'; ticketId: string; ticketNumber: number; messageId: string }
  | { outcome: 'appended' | 'resumed' | 'reopened'; ticketId: string; ticketNumber: number; messageId: string }
  | { outcome: 'linked'; ticketId: string; ticketNumber: number; messageId: string; linkedTicketId: string }
  | { outcome: 'duplicate'; ticketId: string; messageId: string };

export type SupportEmailDeps = TicketDeps & ContactDeps;

/** The service desk acts as the system: it may open and move any ticket. */
const deskActor: Actor = { principal: systemPrincipal };
/** Marks a contact that first wrote to the support address, for segments and reports. */
export const supportEmailContactTag = 'source:support-email';
/** How many times a receipt starts over after losing a race with another email on the same ticket. */
const raceAttempts = 4;
/** How far a chain of follow-ups (a late reply to a follow-up that was itself finished) is followed. */
const followUpHops = 10;

/**
 * Files an email sent to the support address: it threads onto the ticket it answers (by In-Reply-To and
 * References against the Message-IDs Relay received or sent, else by a `[#1042]` reference in the subject
 * from the ticket's own contact), reopening a resolved ticket within the reopen window; a reply to a
 * finished ticket outside it opens a new ticket linked to it; anything else opens a ticket. An unknown
 * sender becomes a contact. The email's Message-ID is claimed in the same transaction as its message,
 * so a redelivered email, even one delivered twice at once, is recorded once.
 */
export async function receiveSupportEmail(deps: SupportEmailDeps, email: SupportEmail): Promise<SupportEmailOutcome> {
  const messageId = messageIdKey(email.messageId);
  for (let attempt = 1; ; attempt++) {
    const seen = await deps.tickets.findByEmailMessageId(messageId);
    if (seen) return { outcome: 'duplicate', ticketId: seen.ticketId, messageId: seen.ticketMessageId };
    const contactId = await senderContactId(deps, email);
    const thread = await threadOf(deps, email, contactId);
    try {
      return await file(deps, { ...email, messageId }, contactId, thread);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      // Our claim on the Message-ID failed (a redelivery recorded meanwhile: the next round says so), or another
      // email changed the ticket or took its follow-up first: start over, from what is there now.
      if (attempt >= raceAttempts) throw error;
    }
  }
}

async function file(
  deps: SupportEmailDeps,
  email: SupportEmail,
  contactId: string,
  thread: Ticket | undefined,
): Promise<SupportEmailOutcome> {
  const effect = thread
    ? customerReplyEffect(thread, deps.ticketEmail.reopenWithinDays, new Date(email.receivedAt))
    : 'new';
  // Recorded now, so the conversation lists it after whatever was recorded before; the window goes by receipt.
  const at = isoNow(deps.context);
  const messageFor = (ticketId: string): TicketMessage => ({
    id: deps.context.newId(),
    ticketId,
    kind: 'inbound',
    body: withoutQuotedHistory(email.text).slice(0, 20_000) || '(no text)',
    at,
    byPrincipal: `email:${normaliseEmail(email.from)}`,
    email: {
      messageId: email.messageId,
      subject: email.subject,
      from: email.from,
      ...(email.inReplyTo ? { inReplyTo: threadCandidates({ inReplyTo: email.inReplyTo })[0] } : {}),
      ...(email.references ? { references: threadCandidates({ references: email.references }).reverse() } : {}),
    },
  });
  const claims = (message: TicketMessage) => [
    deps.tickets.messageItem(message),
    deps.tickets.emailMarkerItem(email.messageId, message.ticketId, message.id),
  ];

  if (thread && effect === 'append') {
    const message = messageFor(thread.id);
    await deps.tickets.addMessage(message, [], undefined, [
      deps.tickets.emailMarkerItem(email.messageId, thread.id, message.id),
    ]);
    return { outcome: 'appended', ticketId: thread.id, ticketNumber: thread.number, messageId: message.id };
  }
  if (thread && (effect === 'reopen' || effect === 'resume')) {
    // The customer answered: a resolved ticket reopens, one waiting on them is theirs to wait on no more.
    const open = defaultTicketPipeline.statuses.find((status) => status.kind === 'open');
    if (!open) throw new Error('The ticket pipeline has no status of kind "open".');
    const note = effect === 'reopen' ? 'The customer wrote again by email.' : 'The customer answered by email.';
    const { after, change, events } = await planMoveWithSla(deps, thread, { statusId: open.id, note }, systemPrincipal);
    const message = messageFor(thread.id);
    await deps.tickets.update(thread, after, change, events, claims(message));
    const outcome = effect === 'reopen' ? ('reopened' as const) : ('resumed' as const);
    return { outcome, ticketId: thread.id, ticketNumber: thread.number, messageId: message.id };
  }
  let message: TicketMessage | undefined;
  const ticket = await createTicket(
    deps,
    CreateTicketRequest.parse({
      subject: ticketSubject(email.subject),
      contactId,
      channel: 'email',
      ...(thread ? { linkedTicketId: thread.id } : {}),
    }),
    deskActor,
    (created) => {
      message = messageFor(created.id);
      return [...claims(message), ...(thread ? [deps.tickets.followUpItem(thread.id, created.id)] : [])];
    },
  );
  const messageId = message?.id ?? '';
  return thread
    ? { outcome: 'linked', ticketId: ticket.id, ticketNumber: ticket.number, messageId, linkedTicketId: thread.id }
    : { outcome: 'opened', ticketId: ticket.id, ticketNumber: ticket.number, messageId };
}

/** A new ticket's subject: the email's, without reply prefixes; something to show when it had none. */
function ticketSubject(subject: string): string {
  return (withoutReplyPrefixes(subject) || '(no subject)').slice(0, 300);
}

/** The sender's contact, created (tagged as from support email) when the address is new. */
async function senderContactId(deps: SupportEmailDeps, email: SupportEmail): Promise<string> {
  const known = await deps.contacts.findIdByEmail(normaliseEmail(email.from));
  if (known) return known;
  const name = email.fromName?.trim().slice(0, 100);
  try {
    const contact = await createContact(
      deps,
      CreateContactRequest.parse({
        email: email.from,
        ...(name ? { firstName: name } : {}),
        tags: [supportEmailContactTag],
      }),
      deskActor,
    );
    return contact.id;
  } catch (error) {
    // Two emails from a new sender at once: the other one created the contact.
    const created =
      error instanceof Conflict ? await deps.contacts.findIdByEmail(normaliseEmail(email.from)) : undefined;
    if (created) return created;
    throw error;
  }
}

/**
 * The ticket the email answers, if any: by its In-Reply-To/References (newest first), else by the
 * `[#n]` in its subject, which only the ticket's own contact may use (anyone can type a number).
 * A finished ticket that already has a follow-up stands for its follow-up.
 */
async function threadOf(deps: SupportEmailDeps, email: SupportEmail, contactId: string): Promise<Ticket | undefined> {
  let ticket: Ticket | undefined;
  for (const candidate of threadCandidates(email)) {
    const seen = await deps.tickets.findByEmailMessageId(messageIdKey(candidate));
    ticket = seen ? await deps.tickets.get(seen.ticketId) : undefined;
    if (ticket) break;
  }
  if (!ticket) {
    const ticketNumber = ticketNumberInSubject(email.subject);
    const ticketId = ticketNumber === undefined ? undefined : await deps.tickets.findIdByNumber(ticketNumber);
    const numbered = ticketId ? await deps.tickets.get(ticketId) : undefined;
    if (numbered?.contactId === contactId) ticket = numbered;
  }
  for (let hop = 0; ticket && hop < followUpHops; hop++) {
    if (ticket.statusKind !== 'resolved' && ticket.statusKind !== 'closed') break;
    const followUpId = await deps.tickets.findFollowUpId(ticket.id);
    const followUp = followUpId ? await deps.tickets.get(followUpId) : undefined;
    if (!followUp) break;
    ticket = followUp;
  }
  return ticket;
}
