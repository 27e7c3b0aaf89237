import { IntegerText } from '#shared/common/fields.ts';
import type { ListTicketsQuery } from '#shared/tickets/ticket.schema.ts';

/** The inbox's queue views, in the order the tabs show them. */
export const queueNames = ['mine', 'team', 'unassigned', 'breaching', 'waiting'] as const;
export type QueueName = (typeof queueNames)[number];

/** The API's own reading of `?number=`. */
const TicketNumberText = IntegerText(1);

/** GET /tickets takes exactly one filter; these are the queues'. */
export type TicketsFilter = Pick<
  ListTicketsQuery,
  'assigneeId' | 'teamId' | 'unassigned' | 'statusKind' | 'slaDueBefore'
>;

/** "Breaching soon": unfinished tickets whose next SLA target falls due within this long, or is already overdue. */
export const breachingSoonWindowMs = 2 * 3_600_000;

/** Who is looking: their owner record and its team (GET /me), or the team they chose to look at. */
export interface QueueViewer {
  ownerId?: string | undefined;
  teamId?: string | undefined;
}

export function isQueueName(value: string | null | undefined): value is QueueName {
  return (queueNames as readonly string[]).includes(value ?? '');
}

/**
 * The API filter behind a queue: "mine" is my owner record's open tickets, "my team's" that team's, "breaching
 * soon" those whose next SLA target falls due within `breachingSoonWindowMs` of `now` (overdue ones first),
 * "waiting on the customer" every ticket of the kind `waiting`. Undefined when the queue needs an owner record or
 * a team that the viewer does not have (an admin without an owner record has no "mine").
 */
export function queueFilter(queue: QueueName, viewer: QueueViewer, now: Date): TicketsFilter | undefined {
  switch (queue) {
    case 'mine':
      return viewer.ownerId ? { assigneeId: viewer.ownerId } : undefined;
    case 'team':
      return viewer.teamId ? { teamId: viewer.teamId } : undefined;
    case 'unassigned':
      return { unassigned: 'true' };
    case 'breaching':
      return { slaDueBefore: new Date(now.getTime() + breachingSoonWindowMs).toISOString() };
    case 'waiting':
      return { statusKind: 'waiting' };
  }
}

/**
 * A ticket number typed into "Go to ticket", read as the API reads `?number=` (digits of any script), with or
 * without the `#` or the brackets of a subject reference (`[#۱۰۴۲]`). Undefined when it is not a ticket number.
 */
export function typedTicketNumber(text: string): number | undefined {
  const bare = text
    .trim()
    .replace(/^[[［]?\s*[#＃]?\s*/u, '')
    .replace(/\s*[\]］]?$/u, '');
  const parsed = TicketNumberText.safeParse(bare);
  return parsed.success ? parsed.data : undefined;
}
