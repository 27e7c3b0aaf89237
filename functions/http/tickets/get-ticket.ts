import { readTicket } from '#shared/tickets/ticket.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.getTicket, async ({ path }) => {
  const ticket = await readTicket(deps(), path.ticketId);
  return json(200, ticket, { etag: etagOf(ticket) });
});
