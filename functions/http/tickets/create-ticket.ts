import { createTicket } from '#shared/tickets/ticket.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.createTicket, async ({ body, principal }) => {
  const ticket = await createTicket(deps(), body, await actorFor(principal));
  return json(201, ticket, { location: `/tickets/${ticket.id}`, etag: etagOf(ticket) });
});
