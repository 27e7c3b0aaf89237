import { contactEnrollments } from '#shared/campaigns/contact-enrollments.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { contactRecordRoutes } from './contact-record-routes.ts';

export const handler = httpHandler(contactRecordRoutes.listContactEnrollments, async ({ path, query }) =>
  json(200, await contactEnrollments(deps(), path.contactId, query)),
);
