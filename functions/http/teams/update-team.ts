import { updateTeam } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { teamRoutes } from './team-routes.ts';

export const handler = httpHandler(teamRoutes.updateTeam, async ({ path, body, event }) => {
  const team = await updateTeam(deps(), path.teamId, body, expectedVersionFrom(event));
  return json(200, team, { etag: etagOf(team) });
});
