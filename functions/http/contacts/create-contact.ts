import { createContact } from '#shared/contacts/contact.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.createContact, async ({ body, principal }) => {
  const contact = await createContact(deps(), body, await actorFor(principal));
  return json(201, contact, { location: `/contacts/${contact.id}`, etag: etagOf(contact) });
});
