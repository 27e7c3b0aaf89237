import { routeGroup } from '../kit/route-group.ts';
import { handler as getRoutingPolicy } from './get-routing-policy.ts';
import { handler as putRoutingPolicy } from './put-routing-policy.ts';
import { routingRoutes } from './routing-routes.ts';

/** The Lambda behind every routing route (see routeGroup). */
export const handler = routeGroup([
  [routingRoutes.getRoutingPolicy, getRoutingPolicy],
  [routingRoutes.putRoutingPolicy, putRoutingPolicy],
]);
