import { serviceReport } from '#shared/reports/service-kpi.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { reportRoutes } from './report-routes.ts';

export const handler = httpHandler(reportRoutes.service, async ({ query }) =>
  json(200, await serviceReport(deps(), query)),
);
