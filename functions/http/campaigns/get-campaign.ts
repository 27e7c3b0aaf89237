import { getCampaign } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.getCampaign, async ({ path }) => {
  const campaign = await getCampaign(deps(), path.campaignId);
  return json(200, campaign, { etag: etagOf(campaign) });
});
