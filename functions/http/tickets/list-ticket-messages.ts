import { listTicketMessages } from '#shared/tickets/ticket.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.listTicketMessages, async ({ path, query }) => {
  return json(200, await listTicketMessages(deps(), path.ticketId, query));
});
