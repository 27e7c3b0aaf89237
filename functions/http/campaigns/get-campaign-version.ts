import { getCampaignVersion } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.getCampaignVersion, async ({ path }) =>
  json(200, await getCampaignVersion(deps(), path.campaignId, path.number)),
);
