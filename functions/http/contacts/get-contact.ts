import { getContact } from '#shared/contacts/contact.service.ts';
import { contactAsSeenBy } from '#shared/contacts/contact-visibility.rules.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.getContact, async ({ path, principal }) => {
  const contact = await getContact(deps(), path.contactId);
  return json(200, contactAsSeenBy(principal, contact), { etag: etagOf(contact) });
});
