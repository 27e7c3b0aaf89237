import { readSupportRoutingPolicy } from '#shared/tickets/ticket-routing.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.getSupportRoutingPolicy, async () => {
  const policy = await readSupportRoutingPolicy(deps());
  return json(200, policy, { etag: etagOf(policy) });
});
