import { ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { listContacts } from '#shared/contacts/contact.service.ts';
import { contactDeps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';

/** GET /contacts?ownerId=|lifecycleStage=&limit=&cursor= — newest first. */
export const handler = httpHandler({ query: ListContactsQuery }, async ({ query }) => {
  return json(200, await listContacts(contactDeps(), query));
});
