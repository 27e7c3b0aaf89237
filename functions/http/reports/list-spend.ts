import { campaignSpends } from '#shared/reports/kpi.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { reportRoutes } from './report-routes.ts';

export const handler = httpHandler(reportRoutes.listSpend, async ({ path }) =>
  json(200, { items: await campaignSpends(deps(), path.campaignId) }),
);
