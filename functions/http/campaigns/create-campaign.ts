import { createCampaign } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.createCampaign, async ({ body }) => {
  const campaign = await createCampaign(deps(), body);
  return json(201, campaign, { location: `/campaigns/${campaign.id}`, etag: etagOf(campaign) });
});
