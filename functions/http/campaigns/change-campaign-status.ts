import { changeCampaignStatus } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.changeCampaignStatus, async ({ path, body, event }) => {
  const campaign = await changeCampaignStatus(deps(), path.campaignId, body, expectedVersionFrom(event));
  return json(200, campaign, { etag: etagOf(campaign) });
});
