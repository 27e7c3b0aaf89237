import { previewEmail } from '#shared/campaigns/campaign-email.service.ts';
import { emailPreviewDeps } from '../../campaign-mail-dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { campaignRoutes } from './campaign-routes.ts';

export const handler = httpHandler(campaignRoutes.previewEmail, async ({ path, body }) =>
  json(200, await previewEmail(emailPreviewDeps(), path.campaignId, body)),
);
