import { listContacts } from '#shared/contacts/contact.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.listContacts, async ({ query }) =>
  json(200, await listContacts(deps(), query)),
);
