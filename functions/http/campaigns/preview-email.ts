import { previewEmail } from '#shared/campaigns/campaign.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.previewEmail, async ({ path, body }) =>
  json(200, await previewEmail(deps(), path.campaignId, body)),
);
