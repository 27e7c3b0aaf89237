import { versionStepCounts } from '#shared/campaigns/step-counts.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.getCampaignVersionStats, async ({ path }) =>
  json(200, await versionStepCounts(deps(), path.campaignId, path.number)),
);
