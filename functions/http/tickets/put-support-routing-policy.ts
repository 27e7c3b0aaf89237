import { saveSupportRoutingPolicy } from '#shared/tickets/ticket-routing.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.putSupportRoutingPolicy, async ({ body, event }) => {
  const policy = await saveSupportRoutingPolicy(deps(), body, expectedVersionFrom(event));
  return json(200, policy, { etag: etagOf(policy) });
});
