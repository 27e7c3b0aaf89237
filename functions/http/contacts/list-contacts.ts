import { listContacts } from '#shared/contacts/contact.service.ts';
import { contactAsSeenBy } from '#shared/contacts/contact-visibility.rules.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.listContacts, async ({ query, principal }) => {
  const page = await listContacts(deps(), query);
  return json(200, { ...page, items: page.items.map((contact) => contactAsSeenBy(principal, contact)) });
});
