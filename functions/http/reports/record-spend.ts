import { recordCampaignSpend } from '#shared/reports/kpi.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { reportRoutes } from './report-routes.ts';

export const handler = httpHandler(reportRoutes.recordSpend, async ({ path, body }) =>
  json(201, await recordCampaignSpend(deps(), path.campaignId, body)),
);
