import { searchContacts } from '#shared/contacts/contact-search.service.ts';
import { contactAsSeenBy } from '#shared/contacts/contact-visibility.rules.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.searchContacts, async ({ query, principal }) => {
  const result = await searchContacts(deps(), query);
  return json(200, { ...result, items: result.items.map((contact) => contactAsSeenBy(principal, contact)) });
});
