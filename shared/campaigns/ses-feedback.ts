import type { EmailFeedbackType } from './email-feedback.service.ts';
import { ownValue } from '../common/own-keys.ts';

/** The SES message tag that carries a campaign email's message key (tag values allow no ':'). */
export const messageKeyTag = 'relay-message-key';
/** The header that shows a campaign email's message key to whoever reads the message (the local outbox, support). */
export const messageKeyHeader = 'X-Relay-Message-Key';
export const messageKeyToTag = (messageKey: string) => messageKey.replaceAll(':', '_');
/** Step ids and ULIDs hold no '_', so the key comes back exactly. */
const tagToMessageKey = (tag: string) => tag.replaceAll('_', ':');

const typeOf: Record<string, EmailFeedbackType> = {
  Delivery: 'delivery',
  Open: 'open',
  Click: 'click',
  Bounce: 'bounce',
  Complaint: 'complaint',
};

/** An SES event (as its configuration set's EventBridge destination delivers it) as Relay feedback on a campaign email; undefined for other mail or events. */
export function feedbackFromSesEvent(
  detail: unknown,
):
  { messageKey: string; type: EmailFeedbackType; bounceType?: 'Permanent' | 'Transient' | 'Undetermined' } | undefined {
  const record = detail as {
    eventType?: string;
    mail?: { tags?: Record<string, string[]> };
    bounce?: { bounceType?: string };
  };
  const type = record.eventType ? ownValue(typeOf, record.eventType) : undefined;
  const tag = record.mail?.tags?.[messageKeyTag]?.[0];
  if (!type || !tag || !tag.startsWith('campaign_')) return undefined;
  const bounceType = record.bounce?.bounceType;
  return {
    messageKey: tagToMessageKey(tag),
    type,
    ...(bounceType === 'Permanent' || bounceType === 'Transient' || bounceType === 'Undetermined'
      ? { bounceType }
      : {}),
  };
}
