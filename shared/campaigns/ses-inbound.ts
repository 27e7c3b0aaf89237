import * as z from 'zod';
import type { InboundEmail } from './inbound-email.service.ts';

const Verdict = z.object({ status: z.string() });

/** The part of an SES receipt-rule Lambda event Relay reads (SES sends headers only to a Lambda action). */
const SesReceipt = z.object({
  mail: z.object({
    timestamp: z.string(),
    commonHeaders: z.object({
      from: z.array(z.string()).min(1),
      subject: z.string().optional(),
      messageId: z.string().optional(),
    }),
    messageId: z.string(),
  }),
  receipt: z.object({ spamVerdict: Verdict, virusVerdict: Verdict, spfVerdict: Verdict, dkimVerdict: Verdict }),
});

/** "Kim Lee <kim@example.com>" → kim@example.com; a bare address stays as it is. */
const addressOf = (from: string) => (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? from).trim();

/**
 * One record of an SES receiving event as a reply Relay may record; undefined when SES judged it
 * spam or infected, or when neither SPF nor DKIM vouches for the sender (anyone can write any From:
 * header, and a forged reply would end someone's journey).
 */
export function inboundEmailFromSesRecord(record: unknown): InboundEmail | undefined {
  const parsed = SesReceipt.safeParse((record as { ses?: unknown } | undefined)?.ses);
  if (!parsed.success) return undefined;
  const { mail, receipt } = parsed.data;
  if (receipt.spamVerdict.status === 'FAIL' || receipt.virusVerdict.status === 'FAIL') return undefined;
  if (receipt.spfVerdict.status !== 'PASS' && receipt.dkimVerdict.status !== 'PASS') return undefined;
  const from = addressOf(mail.commonHeaders.from[0] ?? '');
  return {
    from,
    messageId: mail.commonHeaders.messageId ?? mail.messageId,
    receivedAt: new Date(mail.timestamp).toISOString(),
    ...(mail.commonHeaders.subject ? { subject: mail.commonHeaders.subject } : {}),
  };
}
