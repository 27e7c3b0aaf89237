import { ContactId } from '#shared/contacts/contact.schema.ts';
import { deleteContact } from '#shared/contacts/contact.service.ts';
import { contactDeps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';

/** DELETE /contacts/{contactId} */
export const handler = httpHandler({ path: ContactId }, async ({ path, event }) => {
  await deleteContact(contactDeps(), path.contactId, expectedVersionFrom(event));
  return noContent();
});
