import { createHash } from 'node:crypto';

/** One-time timers the domain sets (the SLA on an assigned lead): EventBridge Scheduler in AWS, a local timer on `npm start`. */
export interface TimerScheduler {
  /**
   * Fires `target` with `payload` at `at` (within that minute, as Scheduler's `at()` does), adding
   * `firing: { name, at }` so the target can claim it once (see TimerMarkerRepository). `name` is unique
   * per pending timer: setting the same timer twice (a retried step) keeps one; once fired, the timer is
   * deleted and its name may be used again.
   */
  scheduleOnce(timer: {
    name: string;
    target: TimerTarget;
    at: string;
    payload: Record<string, unknown>;
  }): Promise<void>;
}

/**
 * A timer's name from what makes it unique (ids, run, due time): hashed, so it always fits
 * Scheduler's 64 characters. Truncating long readable names would let two timers share a name, and
 * the second would be taken for a retry of the first and never set.
 */
export function timerName(kind: string, ...parts: (string | number)[]): string {
  return `${kind}-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 48)}`.slice(0, 64);
}

/** What a timer can fire: a Lambda or a workflow, listed in functions/timers/targets.ts. */
export const timerTargets = [
  'lead-sla-check',
  'campaign-step',
  'segment-enrollment',
  'segment-count',
  'webhook-delivery',
  'ticket-sla-check',
] as const;
export type TimerTarget = (typeof timerTargets)[number];

/** The field every timer target's input carries beside its payload: which firing delivered it. */
export const firingField = 'firing';

/** What a timer's target receives: its payload and the firing's identity. */
export function timerInput(timer: { name: string; at: string; payload: Record<string, unknown> }) {
  return { ...timer.payload, [firingField]: { name: timer.name, at: timer.at } };
}
