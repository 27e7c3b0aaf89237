import { addTicketMessage } from '#shared/tickets/ticket.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { ticketRoutes } from './ticket-routes.ts';

export const handler = httpHandler(ticketRoutes.addTicketMessage, async ({ path, body, principal }) => {
  return json(201, await addTicketMessage(deps(), path.ticketId, body, await actorFor(principal)));
});
