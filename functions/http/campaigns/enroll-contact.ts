import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { Conflict, NotFound, ValidationFailed } from '#shared/errors.ts';
import { enrollmentDeps } from '../../timed-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

const refusals = {
  'no-campaign': () => new NotFound('There is no such campaign.'),
  'no-contact': () =>
    new ValidationFailed('There is no such contact.', [{ pointer: '/contactId', message: 'no such contact' }]),
  'campaign-not-running': () => new Conflict('The campaign is not published and running (publish it, or resume it).'),
  'already-enrolled': () => new Conflict('The contact is already in this campaign.'),
  'not-re-enrollable': () =>
    new Conflict('The contact has been through this campaign, and its policy is never to re-enroll.'),
  'too-soon': () =>
    new Conflict('The contact left this campaign too recently to re-enroll (see reEnrollment.minDaysBetween).'),
};

export const handler = httpHandler(campaignRoutes.enrollContact, async ({ path, body }) => {
  const outcome = await enrollContact(enrollmentDeps(), path.campaignId, body.contactId);
  if (!outcome.enrolled) throw refusals[outcome.reason]();
  return json(201, outcome.enrollment, { location: `/campaigns/${path.campaignId}/enrollments/${body.contactId}` });
});
