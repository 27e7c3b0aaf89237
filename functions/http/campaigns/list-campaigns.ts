import { listCampaigns } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.listCampaigns, async ({ query }) =>
  json(200, await listCampaigns(deps(), query)),
);
