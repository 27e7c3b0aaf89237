import type { BusinessCalendar } from './business-calendar.schema.ts';
import { businessDeadline, elapsedBusinessMillis, type Pause } from './business-hours.ts';
import type { SlaPolicy, SlaTargets, TicketPriority } from './sla-policy.schema.ts';

const minuteMs = 60_000;

/**
 * The policy for a ticket: the one for its company's tier when there is one with targets for its
 * priority, else the one without a tier; none when neither has targets for that priority.
 */
export function policyFor(
  policies: readonly SlaPolicy[],
  priority: TicketPriority,
  companyTier?: string,
): { policy: SlaPolicy; targets: SlaTargets } | undefined {
  const withTargets = (policy: SlaPolicy | undefined) => {
    const targets = policy?.targets[priority];
    return policy && targets ? { policy, targets } : undefined;
  };
  const forTier = companyTier ? policies.find((policy) => policy.companyTier === companyTier) : undefined;
  return withTargets(forTier) ?? withTargets(policies.find((policy) => policy.companyTier === undefined));
}

/** A status change of a ticket, with whether the new status waits on the customer. */
export interface StatusChange {
  at: Date;
  waitingOnCustomer: boolean;
}

/**
 * The pauses of a ticket's resolution clock from its status history (in any order): each stretch
 * spent in a status that waits on the customer. The last one is open while the ticket still waits.
 */
export function waitingPauses(history: readonly StatusChange[]): Pause[] {
  const pauses: Pause[] = [];
  let open: Date | undefined;
  for (const change of [...history].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (change.waitingOnCustomer && !open) open = change.at;
    if (!change.waitingOnCustomer && open) {
      pauses.push({ from: open, to: change.at });
      open = undefined;
    }
  }
  return open ? [...pauses, { from: open }] : pauses;
}

/** Where one SLA target stands. `met` and `missed` are final; the others can still change. */
export type SlaState = 'running' | 'warning' | 'paused' | 'breached' | 'met' | 'missed';

export interface SlaClockReading {
  state: SlaState;
  targetMillis: number;
  /** Working time counted so far (up to the stop, for a target that was met or missed). */
  elapsedMillis: number;
  /** When the warning is due; missing while paused before it, and once the target is met or missed. */
  warnAt?: Date;
  /** When the breach is due; missing while paused before it, and once the target is met or missed. */
  dueAt?: Date;
}

/**
 * Reads one SLA clock: it started at `startedAt`, counts working time of `calendar` outside its
 * pauses, and stopped at `stoppedAt` when the target was reached (the first reply, the resolution).
 */
export function readSlaClock(
  calendar: BusinessCalendar,
  clock: { startedAt: Date; targetMinutes: number; warningShare: number; pauses?: readonly Pause[]; stoppedAt?: Date },
  now: Date,
): SlaClockReading {
  const pauses = clock.pauses ?? [];
  const targetMillis = clock.targetMinutes * minuteMs;
  if (clock.stoppedAt) {
    const elapsedMillis = elapsedBusinessMillis(calendar, clock.startedAt, clock.stoppedAt, pauses);
    return { state: elapsedMillis <= targetMillis ? 'met' : 'missed', targetMillis, elapsedMillis };
  }
  const elapsedMillis = elapsedBusinessMillis(calendar, clock.startedAt, now, pauses);
  // Warnings fall on whole minutes, as Scheduler fires them.
  const warningMillis = Math.max(minuteMs, Math.floor((targetMillis * clock.warningShare) / minuteMs) * minuteMs);
  const warnAt = businessDeadline(calendar, clock.startedAt, warningMillis, pauses);
  const dueAt = businessDeadline(calendar, clock.startedAt, targetMillis, pauses);
  const times = { ...(warnAt ? { warnAt } : {}), ...(dueAt ? { dueAt } : {}) };
  if (elapsedMillis >= targetMillis) return { state: 'breached', targetMillis, elapsedMillis, ...times };
  const paused = pauses.some((pause) => pause.from <= now && (!pause.to || pause.to > now));
  const state = paused ? 'paused' : elapsedMillis >= warningMillis ? 'warning' : 'running';
  return { state, targetMillis, elapsedMillis, ...times };
}
