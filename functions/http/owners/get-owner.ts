import { getOwner } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { ownerRoutes } from './owner-routes.ts';

export const handler = httpHandler(ownerRoutes.getOwner, async ({ path }) => {
  const owner = await getOwner(deps(), path.ownerId);
  return json(200, owner, { etag: etagOf(owner) });
});
