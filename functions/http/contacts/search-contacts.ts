import { searchContacts } from '#shared/contacts/contact-search.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRoutes } from './contact-routes.ts';

export const handler = httpHandler(contactRoutes.searchContacts, async ({ query }) =>
  json(200, await searchContacts(deps(), query)),
);
