import { createOwner } from '#shared/owners/owner.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { ownerRoutes } from './owner-routes.ts';

export const handler = httpHandler(ownerRoutes.createOwner, async ({ body }) => {
  const owner = await createOwner(deps(), body);
  return json(201, owner, { location: `/owners/${owner.id}`, etag: etagOf(owner) });
});
