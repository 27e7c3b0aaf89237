import { ticketPipeline } from '#shared/tickets/ticket.service.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.ticketStatuses, async () => {
  return json(200, ticketPipeline());
});
