import { campaignResults } from '#shared/reports/kpi.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { reportRoutes } from './report-routes.ts';

export const handler = httpHandler(reportRoutes.campaignResults, async ({ path, query }) =>
  json(200, await campaignResults(deps(), path.campaignId, query)),
);
