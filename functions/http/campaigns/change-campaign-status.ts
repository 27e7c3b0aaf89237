import { changeStatusResumingHeld } from '#shared/campaigns/enrollment.service.ts';
import { enrollmentDeps } from '../../timed-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.changeCampaignStatus, async ({ path, body, event }) => {
  const campaign = await changeStatusResumingHeld(enrollmentDeps(), path.campaignId, body, expectedVersionFrom(event));
  return json(200, campaign, { etag: etagOf(campaign) });
});
