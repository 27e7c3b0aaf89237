import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { NotFound } from '#shared/errors.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.getEnrollment, async ({ path }) => {
  const enrollment = await deps().enrollments.get(enrollmentId(path.campaignId, path.contactId));
  if (!enrollment) throw new NotFound('The contact is not in this campaign.');
  return json(200, enrollment);
});
