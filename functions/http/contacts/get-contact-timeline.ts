import { contactTimeline } from '#shared/contacts/contact-timeline.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRecordRoutes } from './contact-record-routes.ts';

export const handler = httpHandler(contactRecordRoutes.getContactTimeline, async ({ path, query }) =>
  // Personal data: no shared cache may keep a copy.
  json(200, await contactTimeline(deps(), path.contactId, query), { 'cache-control': 'private, no-store' }),
);
