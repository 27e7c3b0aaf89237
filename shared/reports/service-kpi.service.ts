import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { NotFound } from '../errors.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import { dayOf } from './kpi-counters.ts';
import { checkPeriod } from './kpi.service.ts';
import type { ServiceKpiRepository } from './service-kpi.repository.ts';
import { computeServiceKpis, type ServiceKpis } from './service-kpi.rules.ts';

export interface ServiceReportDeps {
  serviceKpis: ServiceKpiRepository;
  teams: Pick<TeamRepository, 'get'>;
  context: AppContext;
}

/**
 * The service desk's KPIs of a period, for every team or one, from the service day items: one query
 * of one item per day (O(days), never O(tickets)). The backlog is as it is now, whatever the period.
 */
export async function serviceReport(
  deps: ServiceReportDeps,
  query: { from: string; to: string; teamId?: string },
): Promise<ServiceKpis> {
  checkPeriod(query);
  const today = dayOf(isoNow(deps.context));
  const [days, team] = await Promise.all([
    // The backlog is counted on the days its tickets were opened, up to today whatever the period.
    deps.serviceKpis.daysUpTo(query.to > today ? query.to : today),
    query.teamId ? deps.teams.get(query.teamId) : undefined,
  ]);
  if (query.teamId && !team) throw new NotFound(`There is no team ${query.teamId}.`);
  return computeServiceKpis(days, { ...query, today });
}
