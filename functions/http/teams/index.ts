import { handler as createTeam } from './create-team.ts';
import { handler as getTeam } from './get-team.ts';
import { handler as listTeams } from './list-teams.ts';
import { handler as updateTeam } from './update-team.ts';
import { routeGroup } from '../kit/route-group.ts';
import { teamRoutes } from './team-routes.ts';

/** The Lambda behind every teams route (see routeGroup). */
export const handler = routeGroup([
  [teamRoutes.createTeam, createTeam],
  [teamRoutes.listTeams, listTeams],
  [teamRoutes.getTeam, getTeam],
  [teamRoutes.updateTeam, updateTeam],
]);
