import { deleteContact } from '#shared/contacts/contact.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.deleteContact, async ({ path, principal, event }) => {
  await deleteContact(deps(), path.contactId, await actorFor(principal), expectedVersionFrom(event));
  return noContent();
});
