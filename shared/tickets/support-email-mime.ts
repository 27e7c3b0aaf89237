import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import type { SupportEmail } from './ticket-inbound-email.service.ts';

/**
 * A raw RFC 5322 message (as SES stores it in S3, or as posted to POST /_local/inbound-email) read as a
 * support email. mailparser does the MIME work: encoded-words in any charset (`=?UTF-8?B?…?=` Persian
 * subjects), quoted-printable and base64 parts, multipart/alternative, HTML-only mail turned into text.
 * Undefined when the message has no sender to answer.
 */
export async function parseSupportEmail(raw: Buffer | string, receivedAt: string): Promise<SupportEmail | undefined> {
  // Attachments are not kept (the conversation is text); skipping their decoding saves memory and time.
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: false });
  const sender = firstAddress(parsed.from);
  if (!sender?.address) return undefined;
  const text = parsed.text ?? '';
  const messageId = parsed.messageId?.replace(/^<|>$/g, '').trim();
  return {
    from: sender.address,
    to: addressesOf(parsed.to),
    ...(sender.name ? { fromName: sender.name } : {}),
    subject: parsed.subject ?? '',
    text,
    // A message without one (rare, but allowed) gets one from its content, so its redelivery is still known.
    messageId: messageId || `no-message-id.${contentDigest(raw)}@relay.invalid`,
    ...(headerText(parsed.inReplyTo) ? { inReplyTo: headerText(parsed.inReplyTo) } : {}),
    ...(headerText(parsed.references) ? { references: headerText(parsed.references) } : {}),
    receivedAt,
  };
}

function addressesOf(to: AddressObject | AddressObject[] | undefined): string[] {
  const lists = to === undefined ? [] : Array.isArray(to) ? to : [to];
  return lists.flatMap((list) => list.value.flatMap((entry) => (entry.address ? [entry.address] : [])));
}

function firstAddress(from: AddressObject | undefined): { address?: string; name?: string } | undefined {
  return from?.value[0];
}

/** mailparser gives References as a string or a list of `<id>`s: one header value either way. */
function headerText(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(' ') : value;
  return text.trim() || undefined;
}

function contentDigest(raw: Buffer | string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}
