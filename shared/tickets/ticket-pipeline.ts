import * as z from 'zod';
import type { TicketStatusKind } from './ticket-thread.rules.ts';

export const ticketStatusKinds = [
  'new',
  'open',
  'waiting',
  'resolved',
  'closed',
] as const satisfies readonly TicketStatusKind[];

export const TicketStatus = z.object({
  /** Stable slug used by tickets, history and events, e.g. "waiting-on-customer". */
  id: z.string(),
  name: z.string(),
  kind: z.enum(ticketStatusKinds),
});
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketPipeline = z.object({ statuses: z.array(TicketStatus) });
export type TicketPipeline = z.infer<typeof TicketPipeline>;

/**
 * The ticket statuses, in board order. One fixed pipeline for now: the rules take a pipeline as
 * data, so a configurable one (a settings document) can replace this without touching them. Its kinds
 * are what the rules, the queues and the SLA clock go by; ids and names are what people see.
 */
export const defaultTicketPipeline: TicketPipeline = {
  statuses: [
    { id: 'new', name: 'New', kind: 'new' },
    { id: 'open', name: 'Open', kind: 'open' },
    { id: 'waiting-on-customer', name: 'Waiting on the customer', kind: 'waiting' },
    { id: 'resolved', name: 'Resolved', kind: 'resolved' },
    { id: 'closed', name: 'Closed', kind: 'closed' },
  ],
};

/** Unfinished tickets (every kind but resolved and closed) are in the work queues and count against capacity. */
export const isUnfinishedTicket = (kind: string): boolean => kind !== 'resolved' && kind !== 'closed';
