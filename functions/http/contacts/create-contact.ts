import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { contactDeps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';

/** POST /contacts */
export const handler = httpHandler({ body: CreateContactRequest }, async ({ body }) => {
  const contact = await createContact(contactDeps(), body);
  return json(201, contact, { location: `/contacts/${contact.id}`, etag: etagOf(contact) });
});
