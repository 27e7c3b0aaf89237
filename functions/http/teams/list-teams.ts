import { listTeams } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { teamRoutes } from './team-routes.ts';

export const handler = httpHandler(teamRoutes.listTeams, async ({ query }) =>
  json(200, await listTeams(deps(), query)),
);
