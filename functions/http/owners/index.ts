import { handler as createOwner } from './create-owner.ts';
import { handler as getMe } from './get-me.ts';
import { handler as getOwner } from './get-owner.ts';
import { handler as listOwners } from './list-owners.ts';
import { handler as updateOwner } from './update-owner.ts';
import { routeGroup } from '../kit/route-group.ts';
import { ownerRoutes } from './owner-routes.ts';

/** The Lambda behind every owners route (see routeGroup). */
export const handler = routeGroup([
  [ownerRoutes.createOwner, createOwner],
  [ownerRoutes.getMe, getMe],
  [ownerRoutes.listOwners, listOwners],
  [ownerRoutes.getOwner, getOwner],
  [ownerRoutes.updateOwner, updateOwner],
]);
