import { getCampaignVersion } from '#shared/campaigns/campaign.service.ts';
import { versionWithStepCounts } from '#shared/campaigns/step-counts.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.getCampaignVersion, async ({ path, query }) =>
  json(
    200,
    query.stats === 'true'
      ? await versionWithStepCounts(deps(), path.campaignId, path.number)
      : await getCampaignVersion(deps(), path.campaignId, path.number),
  ),
);
