import * as z from 'zod';
import type { Pause } from './business-hours.ts';
import { readSlaClock, policyFor, type SlaClockReading } from './sla.rules.ts';
import type { SlaPolicy, TicketPriority } from './sla-policy.schema.ts';
import { calendarFor } from './sla-settings.rules.ts';
import type { SlaSettings } from './sla-settings.schema.ts';
import type { SlaMetric } from './sla-timers.rules.ts';

/** One SLA target of a ticket as the API shows it: minutes of working time and ISO instants. */
export const SlaReading = z.object({
  state: z.enum(['running', 'warning', 'paused', 'breached', 'met', 'missed']),
  targetMinutes: z.number().int(),
  /** Working minutes counted so far, whole (up to the reply or resolution once the target is met or missed). */
  elapsedMinutes: z.number().int(),
  /** When the warning is due; missing while paused before it, and once met or missed. */
  warnAt: z.string().optional(),
  /** When the target is breached; missing while paused before it, and once met or missed. */
  dueAt: z.string().optional(),
});
export type SlaReading = z.infer<typeof SlaReading>;

/** A ticket's SLA as of the read: the policy that applies and its two targets. */
export const TicketSla = z.object({
  policyName: z.string(),
  firstResponse: SlaReading.optional(),
  resolution: SlaReading.optional(),
});
export type TicketSla = z.infer<typeof TicketSla>;

/** A stretch in which the ticket's SLA clocks stood still (`to` missing while it lasts), as stored on the ticket. */
export const StoredPause = z.object({ from: z.string(), to: z.string().optional() });
export type StoredPause = z.infer<typeof StoredPause>;

/** What the SLA clocks read from a ticket: all on the ticket item, so a list page needs no other read. */
export interface SlaClockedTicket {
  id: string;
  priority: TicketPriority;
  teamId?: string;
  statusKind: string;
  createdAt: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  slaPauses?: readonly StoredPause[];
}

/**
 * Whether a status of this kind stops the SLA clocks: waiting on the customer (the ball is in their
 * court) and resolved or closed (a reopened ticket must not be charged for the days it sat resolved).
 */
export const stopsSlaClocks = (kind: string) => kind === 'waiting' || kind === 'resolved' || kind === 'closed';

/**
 * The ticket's pauses after a move from `fromKind` to `toKind` at `at`: a pause opens when the move stops
 * the clocks and closes when it starts them again. Kept on the ticket item, in the move's own write.
 */
export function pausesAfterMove(
  pauses: readonly StoredPause[] | undefined,
  fromKind: string,
  toKind: string,
  at: string,
): StoredPause[] {
  const kept = [...(pauses ?? [])];
  const stopped = stopsSlaClocks(fromKind);
  if (!stopped && stopsSlaClocks(toKind)) return [...kept, { from: at }];
  if (stopped && !stopsSlaClocks(toKind)) {
    const last = kept.at(-1);
    if (last && last.to === undefined) kept[kept.length - 1] = { from: last.from, to: at };
  }
  return kept;
}

/** Both clocks of a ticket under its policy, as of `now`; none when no policy has targets for its priority. */
export function readTicketSlaClocks(
  ticket: SlaClockedTicket,
  settings: Pick<SlaSettings, 'policies' | 'defaultCalendar' | 'teamCalendars'>,
  now: Date,
): { policy: SlaPolicy; clocks: Record<SlaMetric, SlaClockReading> } | undefined {
  // Companies have no tier yet: only the policy without a tier applies.
  const applicable = policyFor(settings.policies, ticket.priority);
  if (!applicable) return undefined;
  const { policy, targets } = applicable;
  const calendar = calendarFor(settings, ticket.teamId);
  const startedAt = new Date(ticket.createdAt);
  const pauses: Pause[] = (ticket.slaPauses ?? []).map((pause) => ({
    from: new Date(pause.from),
    ...(pause.to ? { to: new Date(pause.to) } : {}),
  }));
  const resolvedAt = ticket.resolvedAt ? new Date(ticket.resolvedAt) : undefined;
  // A ticket resolved before anyone answered has had its answer: the first-response clock stops there too.
  const firstStop = ticket.firstRespondedAt ? new Date(ticket.firstRespondedAt) : resolvedAt;
  const clock = (targetMinutes: number, stoppedAt: Date | undefined) =>
    readSlaClock(
      calendar,
      { startedAt, targetMinutes, warningShare: policy.warningShare, pauses, ...(stoppedAt ? { stoppedAt } : {}) },
      now,
    );
  return {
    policy,
    clocks: {
      firstResponse: clock(targets.firstResponseMinutes, firstStop),
      resolution: clock(targets.resolutionMinutes, resolvedAt),
    },
  };
}

const minuteMs = 60_000;

function asReading(reading: SlaClockReading): SlaReading {
  return {
    state: reading.state,
    targetMinutes: Math.round(reading.targetMillis / minuteMs),
    elapsedMinutes: Math.floor(reading.elapsedMillis / minuteMs),
    ...(reading.warnAt ? { warnAt: reading.warnAt.toISOString() } : {}),
    ...(reading.dueAt ? { dueAt: reading.dueAt.toISOString() } : {}),
  };
}

/** The `sla` a ticket read carries: its policy's name and both targets as of `now`; none without a policy. */
export function ticketSla(
  ticket: SlaClockedTicket,
  settings: Pick<SlaSettings, 'policies' | 'defaultCalendar' | 'teamCalendars'>,
  now: Date,
): TicketSla | undefined {
  const read = readTicketSlaClocks(ticket, settings, now);
  if (!read) return undefined;
  return {
    policyName: read.policy.name,
    firstResponse: asReading(read.clocks.firstResponse),
    resolution: asReading(read.clocks.resolution),
  };
}

/**
 * When the ticket's next SLA target falls due: the sooner breach time of the targets still counting (a
 * breached one included, so overdue tickets head the queue). None for a finished ticket, a paused one, or
 * one without a policy. It depends on the ticket and the settings only, not on the time it is read.
 */
export function nextSlaDueAt(
  ticket: SlaClockedTicket,
  settings: Pick<SlaSettings, 'policies' | 'defaultCalendar' | 'teamCalendars'>,
): string | undefined {
  if (ticket.statusKind === 'resolved' || ticket.statusKind === 'closed') return undefined;
  const read = readTicketSlaClocks(ticket, settings, new Date(ticket.createdAt));
  if (!read) return undefined;
  const dues = Object.values(read.clocks)
    .filter((reading) => reading.state !== 'met' && reading.state !== 'missed')
    .flatMap((reading) => (reading.dueAt ? [reading.dueAt.getTime()] : []));
  return dues.length ? new Date(Math.min(...dues)).toISOString() : undefined;
}
