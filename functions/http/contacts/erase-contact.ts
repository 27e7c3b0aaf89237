import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.eraseContact, async ({ path }) => {
  return json(200, await eraseContact(deps(), path.contactId));
});
