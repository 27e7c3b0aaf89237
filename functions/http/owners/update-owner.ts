import { updateOwner } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { ownerRoutes } from './owner-routes.ts';

export const handler = httpHandler(ownerRoutes.updateOwner, async ({ path, body, event }) => {
  const owner = await updateOwner(deps(), path.ownerId, body, expectedVersionFrom(event));
  return json(200, owner, { etag: etagOf(owner) });
});
