import type { RouteObject } from 'react-router';

/** The service desk: the inbox and its queues, a new ticket (an agent logging a call), and one ticket. */
export const ticketsRoutes: RouteObject[] = [
  { path: 'tickets', lazy: () => import('./InboxPage').then((module) => ({ Component: module.InboxPage })) },
  {
    path: 'tickets/new',
    lazy: () => import('./NewTicketPage').then((module) => ({ Component: module.NewTicketPage })),
  },
  {
    path: 'tickets/:ticketId',
    lazy: () => import('./TicketPage').then((module) => ({ Component: module.TicketPage })),
  },
];
