import { listCampaignVersions } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.listCampaignVersions, async ({ path, query }) =>
  json(200, await listCampaignVersions(deps(), path.campaignId, query)),
);
