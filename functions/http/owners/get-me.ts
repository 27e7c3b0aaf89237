import { describeCaller } from '#shared/owners/caller.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { usernameFrom } from '../kit/principal.ts';
import { ownerRoutes } from './owner-routes.ts';

export const handler = httpHandler(ownerRoutes.getMe, async ({ principal, event }) =>
  json(200, await describeCaller(deps(), principal, usernameFrom(event)), { 'cache-control': 'no-store' }),
);
