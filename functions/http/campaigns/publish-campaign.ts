import { publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.publishCampaign, async ({ path, event, principal }) => {
  const campaign = await publishCampaign(deps(), path.campaignId, { principal }, expectedVersionFrom(event));
  return json(200, campaign, { etag: etagOf(campaign) });
});
