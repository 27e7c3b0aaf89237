import type { SuppressionRepository } from '../campaigns/suppression.repository.ts';
import { decodeMergeCursor, encodeMergeCursor, mergeNewestFirst } from '../common/newest-first-merge.ts';
import { NotFound } from '../errors.ts';
import type { ConsentRepository } from '../leads/consent.repository.ts';
import type { ContactConsent, ContactConsentQuery } from './contact-consent.schema.ts';
import type { ContactRepository } from './contact.repository.ts';
import { isTimelinePosition } from './contact-timeline.repository.ts';

export interface ContactConsentDeps {
  contacts: ContactRepository;
  consents: ConsentRepository;
  suppressions: SuppressionRepository;
}

/** The contact's consent now, its suppression, and a page of its consent proof, newest first. */
export async function contactConsent(
  deps: ContactConsentDeps,
  contactId: string,
  query: ContactConsentQuery,
): Promise<ContactConsent> {
  const stream = deps.consents.newestFirst(contactId);
  const resumed = query.cursor
    ? decodeMergeCursor(query.cursor, contactId, (name) => name === stream.name, isTimelinePosition)
    : undefined;
  const contact = await deps.contacts.get(contactId);
  if (!contact) throw new NotFound(`There is no contact ${contactId}.`);
  const [page, suppression] = await Promise.all([
    mergeNewestFirst([stream], resumed?.state ?? new Map(), query.limit),
    deps.suppressions.get(contact.emailNormalised),
  ]);
  return {
    contactId,
    current: contact.consent,
    ...(suppression ? { suppression: { reason: suppression.reason, at: suppression.at } } : {}),
    items: page.items,
    ...(page.state ? { nextCursor: encodeMergeCursor(contactId, [stream.name], page.state) } : {}),
  };
}
