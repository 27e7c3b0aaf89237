import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { domainEvent } from '../events/catalog.ts';
import type { SuppressionRepository } from './suppression.repository.ts';
import { readUnsubscribeToken } from './unsubscribe-link.ts';

export interface UnsubscribeDeps {
  contacts: ContactRepository;
  suppressions: SuppressionRepository;
  context: AppContext;
  unsubscribeKey: string;
}

/** Whether an unsubscribe link is genuine, without acting on it (the GET page only asks). */
export function unsubscribeLinkIsValid(deps: Pick<UnsubscribeDeps, 'unsubscribeKey'>, token: string): boolean {
  return readUnsubscribeToken(token, deps.unsubscribeKey) !== undefined;
}

/**
 * Suppresses the link's contact from all marketing email, at once, with Contact Unsubscribed.
 * Idempotent; a tampered or unknown link changes nothing.
 */
export async function unsubscribe(deps: UnsubscribeDeps, token: string, method: 'one-click' | 'confirmed-page'): Promise<'unsubscribed' | 'already-unsubscribed' | 'invalid'> {
  const link = readUnsubscribeToken(token, deps.unsubscribeKey);
  const contact = link ? await deps.contacts.get(link.contactId) : undefined;
  if (!link || !contact) return 'invalid';
  if (await deps.suppressions.reasonFor(contact.emailNormalised)) return 'already-unsubscribed';
  const at = isoNow(deps.context);
  const event = domainEvent('Contact Unsubscribed', { contactId: contact.id, campaignId: link.campaignId, method }, { id: deps.context.newId(), occurredAt: at });
  await deps.contacts.write([deps.suppressions.suppressItem(contact.emailNormalised, 'unsubscribed', at, `campaign:${link.campaignId}`), deps.contacts.outboxItem(event)]);
  return 'unsubscribed';
}
