import { moveTicket } from '#shared/tickets/ticket.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.moveTicket, async ({ path, body, principal, event }) => {
  const actor = await actorFor(principal);
  const ticket = await moveTicket(deps(), path.ticketId, body, actor, expectedVersionFrom(event));
  return json(200, ticket, { etag: etagOf(ticket) });
});
