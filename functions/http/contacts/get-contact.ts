import { ContactId } from '#shared/contacts/contact.schema.ts';
import { getContact } from '#shared/contacts/contact.service.ts';
import { contactDeps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';

/** GET /contacts/{contactId} */
export const handler = httpHandler({ path: ContactId }, async ({ path }) => {
  const contact = await getContact(contactDeps(), path.contactId);
  return json(200, contact, { etag: etagOf(contact) });
});
