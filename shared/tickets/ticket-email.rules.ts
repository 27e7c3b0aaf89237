import type { SuppressionReason } from '../campaigns/suppression.repository.ts';
import type { TicketMessage, TicketMessageDelivery } from './ticket.schema.ts';

/**
 * The email side of a ticket's conversation: Message-IDs, threading headers, quoted history and
 * whether an answer may be emailed. Pure: the services read and write.
 */

/** The domain of an address such as `support@relay.local` or `Relay Support <support@relay.local>`. */
export function domainOf(address: string): string {
  const bare = /<([^<>]+)>\s*$/.exec(address)?.[1] ?? address;
  return bare.slice(bare.lastIndexOf('@') + 1).trim();
}

/** The Message-ID Relay gives an answer it sends (without angle brackets): the message's id at the support domain. */
export const supportMessageId = (ticketMessageId: string, supportAddress: string): string =>
  `${ticketMessageId}.relay@${domainOf(supportAddress)}`;

/**
 * A Message-ID as Relay files it. SES replaces the Message-ID of what it sends with its own,
 * `<id@email.amazonses.com>` or `<id@eu-west-1.amazonses.com>` by region, and reports only the id: one
 * filed under `<id>@amazonses.com` is found whichever regional domain the customer's reply quotes.
 */
export function messageIdKey(messageId: string): string {
  const at = messageId.lastIndexOf('@');
  const domain = messageId.slice(at + 1).toLowerCase();
  return at > 0 && (domain === 'amazonses.com' || domain.endsWith('.amazonses.com'))
    ? `${messageId.slice(0, at)}@amazonses.com`
    : messageId;
}

/** How many Message-IDs a reply's References keeps: the thread's first and the newest (RFC 5322 allows trimming). */
const referencesKept = 20;

/**
 * The threading headers of an answer, from the conversation's newest messages (newest first, the answer
 * itself excluded): `In-Reply-To` the customer's last email, `References` the chain that email carried
 * followed by the conversation's own emails, oldest first, without repeats.
 */
export function replyThreading(newestFirst: readonly TicketMessage[]): { inReplyTo?: string; references: string[] } {
  const emails = newestFirst.filter((message) => message.email !== undefined && message.kind !== 'note');
  const lastInbound = emails.find((message) => message.kind === 'inbound');
  const chain = [
    ...(lastInbound?.email?.references ?? []),
    ...emails
      .slice()
      .reverse()
      .map((message) => message.email?.messageId ?? ''),
  ].filter((id) => id.length > 0);
  const unique = [...new Set(chain)];
  const references = unique.length > referencesKept ? [unique[0]!, ...unique.slice(-(referencesKept - 1))] : unique;
  return { ...(lastInbound?.email ? { inReplyTo: lastInbound.email.messageId } : {}), references };
}

/** `<id>` as a header writes it. */
export const bracketed = (messageId: string) => `<${messageId}>`;

/**
 * Whether an agent's answer is emailed. Support answers are transactional: a contact who unsubscribed
 * from marketing still gets the answer to the question they asked; an address that bounced or
 * complained, or a person erased, does not (SES penalises the first two, the law the third).
 */
export function replyDelivery(input: {
  supportAddress: string | undefined;
  contactExists: boolean;
  suppression: SuppressionReason | undefined;
}): TicketMessageDelivery {
  if (!input.supportAddress) return { status: 'not-emailed', reason: 'no-support-address' };
  if (!input.contactExists) return { status: 'not-emailed', reason: 'no-contact' };
  if (input.suppression && input.suppression !== 'unsubscribed')
    return { status: 'not-emailed', reason: `suppressed-${input.suppression}` };
  return { status: 'queued' };
}

/**
 * Lines that introduce a quote: "On Mon, 7 Dec 2026, Kim wrote:", Persian "… نوشت:", Arabic "في …، كتب Kim:"
 * (the verb comes before the name), Outlook's separator.
 */
const attributionLine =
  /^(on\s.+\swrote:|.+\s(نوشت|نوشته است)\s*[:：]|(.+\s)?(كتب|كتبت)\s.+[:：]|-{2,}\s*original message\s*-{2,})\s*$/i;
const quotedLine = /^\s*>/;

/**
 * The customer's own words: the text without the quoted history a mail client appended. Cut only
 * where the history is marked the usual way (an attribution line followed by `>`-quoted lines, or
 * Outlook's "Original Message" separator, or trailing `>` lines); anything else is kept whole, and so
 * is a message that would be left empty (a reply that is all quote).
 */
export function withoutQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = lines.length;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!attributionLine.test(line)) continue;
    const next = lines.slice(index + 1).find((candidate) => candidate.trim().length > 0);
    if (/original message/i.test(line) || (next !== undefined && quotedLine.test(next))) {
      cut = index;
      break;
    }
  }
  while (cut > 0 && (quotedLine.test(lines[cut - 1]!) || lines[cut - 1]!.trim() === '')) cut--;
  const own = lines.slice(0, cut).join('\n').trim();
  return own.length > 0 ? own : text.trim();
}
