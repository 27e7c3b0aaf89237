import { systemPrincipal } from '../auth/principal.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import { prepareContactChange } from '../contacts/contact.service.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { domainEvent } from '../events/catalog.ts';
import type { ConsentRepository } from '../leads/consent.repository.ts';
import type { SuppressionRepository } from './suppression.repository.ts';
import { readUnsubscribeToken } from './unsubscribe-link.ts';

export interface UnsubscribeDeps {
  contacts: ContactRepository;
  consents: ConsentRepository;
  suppressions: SuppressionRepository;
  context: AppContext;
  unsubscribeKey: string;
}

// A concurrent update of the contact (a rep's edit, a rescore) makes the versioned write lose; re-read and go again.
const attempts = 4;

/** Whether an unsubscribe link is genuine, without acting on it (the GET page only asks). */
export function unsubscribeLinkIsValid(deps: Pick<UnsubscribeDeps, 'unsubscribeKey'>, token: string): boolean {
  return readUnsubscribeToken(token, deps.unsubscribeKey) !== undefined;
}

/**
 * Suppresses the link's contact from all marketing email, at once: the address is suppressed, the
 * contact's consent becomes `withdrawn` with a consent record as proof, and Contact Unsubscribed
 * is published, all in one transaction. Idempotent; a tampered or unknown link changes nothing.
 */
export async function unsubscribe(
  deps: UnsubscribeDeps,
  token: string,
  method: 'one-click' | 'confirmed-page',
): Promise<'unsubscribed' | 'already-unsubscribed' | 'invalid'> {
  const link = readUnsubscribeToken(token, deps.unsubscribeKey);
  if (!link) return 'invalid';
  for (let attempt = 1; ; attempt++) {
    const contact = await deps.contacts.get(link.contactId);
    if (!contact) return 'invalid';
    if (contact.consent.status === 'withdrawn' && (await deps.suppressions.reasonFor(contact.emailNormalised)))
      return 'already-unsubscribed';
    const at = isoNow(deps.context);
    const source = `campaign:${link.campaignId}`;
    const change = prepareContactChange(
      deps,
      contact,
      { consent: { status: 'withdrawn', updatedAt: at, source } },
      { principal: systemPrincipal },
    );
    const unsubscribed = domainEvent(
      'Contact Unsubscribed',
      { contactId: contact.id, campaignId: link.campaignId, method },
      { id: deps.context.newId(), occurredAt: at },
    );
    const items: TransactItem[] = [
      ...(change ? deps.contacts.updateItems(contact, change.after, [change.event]) : []),
      deps.consents.recordItem({
        id: deps.context.newId(),
        contactId: contact.id,
        status: 'withdrawn',
        at,
        method: 'unsubscribe',
        source,
      }),
      deps.suppressions.suppressItem(contact.emailNormalised, 'unsubscribed', at, source),
      deps.contacts.outboxItem(unsubscribed),
    ];
    try {
      await deps.contacts.write(items);
      return 'unsubscribed';
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || attempt >= attempts) throw error;
    }
  }
}
