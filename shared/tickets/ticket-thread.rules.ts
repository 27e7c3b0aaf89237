import { toAsciiDigits } from '../common/numbers.ts';

/**
 * How an inbound email finds its ticket, and how a customer's reply to a finished ticket is handled.
 * Pure: the service looks the candidates up.
 */

/** The reference people read and say on the phone, written in every subject Relay sends: `[#1042]`. */
export const ticketReference = (ticketNumber: number): string => `[#${ticketNumber}]`;

/**
 * The ticket number in a subject: `[#1042]`, in digits of any script (`[#۱۰۴۲]`, as a Persian mail
 * client may write it back), with the brackets full-width or not. Only the bracketed form counts: a
 * bare `#1042` in a customer's own subject is too often an order or an invoice number. The last one
 * wins, since replies prepend (`Re: [#7] … [#1042]` is a quote of an older thread).
 */
export function ticketNumberInSubject(subject: string): number | undefined {
  const matches = [...toAsciiDigits(subject).matchAll(/[[［]\s*[#＃]\s*(\d{1,12})\s*[\]］]/g)];
  const digits = matches.at(-1)?.[1];
  if (digits === undefined) return undefined;
  const ticketNumber = Number(digits);
  return Number.isSafeInteger(ticketNumber) && ticketNumber > 0 ? ticketNumber : undefined;
}

/** A subject without the reply and forward prefixes mail clients add (`Re:`, `AW:`, `Fwd:`, `رد:`, `پاسخ:`…). */
export const withoutReplyPrefixes = (subject: string): string =>
  subject.replace(/^\s*((re|aw|sv|fw|fwd|رد|پاسخ)\s*[:：]\s*)+/iu, '').trim();

/** A subject for a message on a ticket: the ticket's reference added once, `Re:` once. */
export function replySubject(subject: string, ticketNumber: number): string {
  const reference = ticketReference(ticketNumber);
  const base = withoutReplyPrefixes(subject);
  return `Re: ${base.includes(reference) ? base : `${base} ${reference}`.trim()}`;
}

/** One Message-ID as stored and compared: without its angle brackets and surrounding space. */
const messageIdOf = (value: string): string => value.trim().replace(/^<|>$/g, '');

/**
 * The Message-IDs an inbound email answers, in the order to look them up: `In-Reply-To` first, then
 * `References` newest first (RFC 5322 §3.6.4 lists them oldest first). Duplicates are dropped.
 */
export function threadCandidates(headers: { inReplyTo?: string; references?: string }): string[] {
  const inReplyTo = headers.inReplyTo?.match(/<[^<>]+>/g) ?? [];
  const references = (headers.references?.match(/<[^<>]+>/g) ?? []).reverse();
  return [...new Set([...inReplyTo, ...references].map(messageIdOf).filter((id) => id.length > 0))];
}

export type TicketStatusKind = 'new' | 'open' | 'waiting' | 'resolved' | 'closed';

/**
 * What a customer's email on an existing ticket does: it joins an unfinished one, and one waiting on
 * the customer goes back to open (the customer answered: the SLA clock runs again and it is back in the
 * work queues); a resolved one reopens if it was resolved within `reopenWithinDays`, else a new ticket
 * linked to the old one is opened; a closed ticket is never reopened.
 */
export function customerReplyEffect(
  ticket: { statusKind: TicketStatusKind; resolvedAt?: string },
  reopenWithinDays: number,
  receivedAt: Date,
): 'append' | 'resume' | 'reopen' | 'new-linked' {
  if (ticket.statusKind === 'closed') return 'new-linked';
  if (ticket.statusKind === 'waiting') return 'resume';
  if (ticket.statusKind !== 'resolved') return 'append';
  const resolvedAt = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : Number.NaN;
  const withinWindow = receivedAt.getTime() - resolvedAt <= reopenWithinDays * 24 * 3_600_000;
  return Number.isFinite(resolvedAt) && withinWindow ? 'reopen' : 'new-linked';
}
