import { kpiReport } from '#shared/reports/kpi.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { reportRoutes } from './report-routes.ts';

export const handler = httpHandler(reportRoutes.kpis, async ({ query }) => json(200, await kpiReport(deps(), query)));
