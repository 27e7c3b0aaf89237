import { listOwners } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ownerRoutes } from './owner-routes.ts';

export const handler = httpHandler(ownerRoutes.listOwners, async ({ query }) =>
  json(200, await listOwners(deps(), query)),
);
