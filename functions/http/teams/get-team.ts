import { getTeam } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { teamRoutes } from './team-routes.ts';

export const handler = httpHandler(teamRoutes.getTeam, async ({ path }) => {
  const team = await getTeam(deps(), path.teamId);
  return json(200, team, { etag: etagOf(team) });
});
