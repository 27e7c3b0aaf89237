import { handler as addTicketMessage } from './add-ticket-message.ts';
import { handler as createTicket } from './create-ticket.ts';
import { handler as getSupportRoutingPolicy } from './get-support-routing-policy.ts';
import { handler as getTicket } from './get-ticket.ts';
import { handler as listTicketMessages } from './list-ticket-messages.ts';
import { handler as listTickets } from './list-tickets.ts';
import { handler as moveTicket } from './move-ticket.ts';
import { handler as putSupportRoutingPolicy } from './put-support-routing-policy.ts';
import { handler as ticketHistory } from './ticket-history.ts';
import { handler as ticketStatuses } from './ticket-statuses.ts';
import { handler as updateTicket } from './update-ticket.ts';
import { routeGroup } from '../kit/route-group.ts';
import { ticketRoutes } from './ticket-routes.ts';

/** The Lambda behind every tickets route (see routeGroup). */
export const handler = routeGroup([
  [ticketRoutes.createTicket, createTicket],
  [ticketRoutes.listTickets, listTickets],
  [ticketRoutes.ticketStatuses, ticketStatuses],
  [ticketRoutes.getTicket, getTicket],
  [ticketRoutes.updateTicket, updateTicket],
  [ticketRoutes.moveTicket, moveTicket],
  [ticketRoutes.ticketHistory, ticketHistory],
  [ticketRoutes.addTicketMessage, addTicketMessage],
  [ticketRoutes.listTicketMessages, listTicketMessages],
  [ticketRoutes.getSupportRoutingPolicy, getSupportRoutingPolicy],
  [ticketRoutes.putSupportRoutingPolicy, putSupportRoutingPolicy],
]);
