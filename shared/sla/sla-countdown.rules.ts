import type { SlaReading, TicketSla } from './ticket-sla.rules.ts';

/** The two targets of a ticket's SLA. */
export const slaTargets = ['firstResponse', 'resolution'] as const;
export type SlaTarget = (typeof slaTargets)[number];

/**
 * A target as it stands at `now`, from a reading taken earlier: a running target reaches its warning at `warnAt`
 * and its breach at `dueAt` (both already instants on the team's calendar, so no working-hours arithmetic is
 * needed to count down to them). Paused, met and missed targets stay as read until the ticket changes.
 * `msToDue` is how long until `dueAt` (negative once breached); absent without a due time.
 */
export function slaReadingAt(reading: SlaReading, now: Date): { state: SlaReading['state']; msToDue?: number } {
  if (reading.state !== 'running' && reading.state !== 'warning' && reading.state !== 'breached')
    return { state: reading.state };
  if (!reading.dueAt) return { state: reading.state };
  const msToDue = Date.parse(reading.dueAt) - now.getTime();
  if (msToDue <= 0) return { state: 'breached', msToDue };
  const warned =
    reading.state === 'warning' || (reading.warnAt !== undefined && Date.parse(reading.warnAt) <= now.getTime());
  return { state: warned ? 'warning' : 'running', msToDue };
}

/**
 * The target a queue shows for a ticket: of those still counting (running, warning or breached), the one due
 * soonest; else one that is paused; else the resolution's final state (met or missed).
 */
export function nextSlaTarget(sla: TicketSla): { target: SlaTarget; reading: SlaReading } | undefined {
  const readings = slaTargets.flatMap((target) => {
    const reading = sla[target];
    return reading ? [{ target, reading }] : [];
  });
  const counting = readings
    .filter(({ reading }) => ['running', 'warning', 'breached'].includes(reading.state) && reading.dueAt)
    .sort((a, b) => Date.parse(a.reading.dueAt ?? '') - Date.parse(b.reading.dueAt ?? ''));
  return (
    counting[0] ??
    readings.find(({ reading }) => reading.state === 'paused') ??
    readings.find(({ target }) => target === 'resolution') ??
    readings[0]
  );
}
