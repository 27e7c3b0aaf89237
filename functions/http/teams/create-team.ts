import { createTeam } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { teamRoutes } from './team-routes.ts';

export const handler = httpHandler(teamRoutes.createTeam, async ({ body }) => {
  const team = await createTeam(deps(), body);
  return json(201, team, { location: `/teams/${team.id}`, etag: etagOf(team) });
});
