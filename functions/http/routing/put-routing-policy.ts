import { saveRoutingPolicy } from '#shared/routing/routing-policy.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { routingRoutes } from './routing-routes.ts';

export const handler = httpHandler(routingRoutes.putRoutingPolicy, async ({ body, event }) => {
  const policy = await saveRoutingPolicy(deps(), body, expectedVersionFrom(event));
  return json(200, policy, { etag: etagOf(policy) });
});
