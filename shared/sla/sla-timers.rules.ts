import { timerName } from '../scheduling/timers.ts';
import type { SlaClockReading } from './sla.rules.ts';

export type SlaMetric = 'firstResponse' | 'resolution';
export type SlaTimerKind = 'warning' | 'breach';

export interface SlaTimer {
  name: string;
  kind: SlaTimerKind;
  /** The minute it fires, as Scheduler's `at()` takes it. */
  at: string;
}

const minuteMs = 60_000;
/** Scheduler fires within the minute: the instant a timer is set for, rounded up to a whole minute. */
export const timerMinute = (at: Date): string =>
  new Date(Math.ceil(at.getTime() / minuteMs) * minuteMs).toISOString().slice(0, 16) + ':00Z';

/**
 * The timers one SLA target needs now. A timer is named after its ticket, metric, kind and due
 * minute, so setting them again after any change (priority, status, calendar) is idempotent: what
 * is still due the same keeps its timer, a moved due time gets a new one, and the old one, when it
 * fires, finds that it is no longer due (see firingOutcome) and does nothing. Nothing is deleted.
 */
export function slaTimers(ticketId: string, metric: SlaMetric, reading: SlaClockReading): SlaTimer[] {
  const timers: SlaTimer[] = [];
  const add = (kind: SlaTimerKind, due: Date | undefined) => {
    if (!due) return;
    const at = timerMinute(due);
    timers.push({ kind, at, name: timerName(`sla-${kind}`, ticketId, metric, at) });
  };
  if (reading.state === 'running') add('warning', reading.warnAt);
  if (reading.state === 'running' || reading.state === 'warning') add('breach', reading.dueAt);
  return timers;
}

/**
 * What a fired SLA timer does, given the clock read again when it fires: publish the warning or the
 * breach only if the clock is still due at that minute and has reached it; anything else (met,
 * paused, moved later or earlier) means a newer timer or none is in charge. Firing twice is guarded
 * by the timer's claim marker, not here.
 */
export function firingOutcome(
  firing: { kind: SlaTimerKind; at: string },
  reading: SlaClockReading,
): 'warn' | 'breach' | 'stale' {
  const due = firing.kind === 'warning' ? reading.warnAt : reading.dueAt;
  if (!due || timerMinute(due) !== firing.at) return 'stale';
  if (firing.kind === 'breach') return reading.state === 'breached' ? 'breach' : 'stale';
  return reading.state === 'warning' || reading.state === 'breached' ? 'warn' : 'stale';
}
