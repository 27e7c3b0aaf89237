import * as z from 'zod';

/** Where the receipt rule's S3 action stores each email (under this prefix, named by SES's message id). */
export const supportMailPrefix = 'support/';

const Verdict = z.object({ status: z.string() });

/** The part of an SES receipt-rule Lambda event the support mailbox reads: which stored email, and SES's verdicts. */
const SesReceipt = z.object({
  mail: z.object({ timestamp: z.string(), messageId: z.string().min(1) }),
  receipt: z.object({ spamVerdict: Verdict, virusVerdict: Verdict, spfVerdict: Verdict, dkimVerdict: Verdict }),
});

/**
 * One record of an SES receiving event at the support address: the id under which the S3 action stored
 * the whole email, and when SES received it. Undefined when SES judged it spam or infected, or when
 * neither SPF nor DKIM vouches for the sender: anyone can write any From:, and a forged one would add
 * words to another customer's ticket (a `[#n]` reference is trusted only from the ticket's contact).
 */
export function supportReceiptFromSesRecord(record: unknown): { sesMessageId: string; receivedAt: string } | undefined {
  const parsed = SesReceipt.safeParse((record as { ses?: unknown } | undefined)?.ses);
  if (!parsed.success) return undefined;
  const { mail, receipt } = parsed.data;
  if (receipt.spamVerdict.status === 'FAIL' || receipt.virusVerdict.status === 'FAIL') return undefined;
  if (receipt.spfVerdict.status !== 'PASS' && receipt.dkimVerdict.status !== 'PASS') return undefined;
  return { sesMessageId: mail.messageId, receivedAt: new Date(mail.timestamp).toISOString() };
}
