import { updateContact } from '#shared/contacts/contact.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.updateContact, async ({ path, body, principal, event }) => {
  const contact = await updateContact(
    deps(),
    path.contactId,
    body,
    await actorFor(principal),
    expectedVersionFrom(event),
  );
  return json(200, contact, { etag: etagOf(contact) });
});
