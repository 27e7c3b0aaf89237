import { routeGroup } from '../kit/route-group.ts';
import { handler as getSlaSettings } from './get-sla-settings.ts';
import { handler as putSlaSettings } from './put-sla-settings.ts';
import { slaSettingsRoutes } from './sla-settings-routes.ts';

/** The Lambda behind the SLA settings routes (see routeGroup). */
export const handler = routeGroup([
  [slaSettingsRoutes.getSlaSettings, getSlaSettings],
  [slaSettingsRoutes.putSlaSettings, putSlaSettings],
]);
