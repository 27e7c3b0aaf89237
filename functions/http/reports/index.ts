import { routeGroup } from '../kit/route-group.ts';
import { handler as kpis } from './kpis.ts';
import { handler as listSpend } from './list-spend.ts';
import { handler as recordSpend } from './record-spend.ts';
import { handler as serviceKpis } from './service-kpis.ts';
import { reportRoutes } from './report-routes.ts';

/** The Lambda behind the reports routes (see routeGroup). */
export const handler = routeGroup([
  [reportRoutes.kpis, kpis],
  [reportRoutes.service, serviceKpis],
  [reportRoutes.recordSpend, recordSpend],
  [reportRoutes.listSpend, listSpend],
]);
