import { ticketHistory } from '#shared/tickets/ticket.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.ticketHistory, async ({ path }) => {
  return json(200, { items: await ticketHistory(deps(), path.ticketId) });
});
