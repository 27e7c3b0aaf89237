import { readSettings } from '#shared/settings/settings.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { routingRoutes } from './routing-routes.ts';

export const handler = httpHandler(routingRoutes.getRoutingPolicy, async () => {
  const policy = await readSettings(deps().routingPolicy, 'routing policy');
  return json(200, policy, { etag: etagOf(policy) });
});
