import { contactConsent } from '#shared/contacts/contact-consent.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRecordRoutes } from './contact-record-routes.ts';

export const handler = httpHandler(contactRecordRoutes.getContactConsent, async ({ path, query }) =>
  // Personal data (the consent wording a person agreed to, a hash of their IP): no shared cache may keep a copy.
  json(200, await contactConsent(deps(), path.contactId, query), { 'cache-control': 'private, no-store' }),
);
