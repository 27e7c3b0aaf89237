import { listTickets } from '#shared/tickets/ticket.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.listTickets, async ({ query }) => {
  return json(200, await listTickets(deps(), query));
});
