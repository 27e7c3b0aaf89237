import { ContactId, UpdateContactRequest } from '#shared/contacts/contact.schema.ts';
import { updateContact } from '#shared/contacts/contact.service.ts';
import { contactDeps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';

/** PATCH /contacts/{contactId} — JSON Merge Patch, optional If-Match for optimistic concurrency. */
export const handler = httpHandler({ path: ContactId, body: UpdateContactRequest }, async ({ path, body, event }) => {
  const contact = await updateContact(contactDeps(), path.contactId, body, expectedVersionFrom(event));
  return json(200, contact, { etag: etagOf(contact) });
});
