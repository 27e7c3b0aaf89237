/** One-time timers the domain sets (the SLA on an assigned lead): EventBridge Scheduler in AWS, a local timer on `npm start`. */
export interface TimerScheduler {
  /**
   * Fires `target` with `payload` at `at`. `name` is unique per timer: setting the same timer twice
   * (a retried step) keeps one.
   */
  scheduleOnce(timer: { name: string; target: TimerTarget; at: string; payload: Record<string, unknown> }): Promise<void>;
}

/** What a timer can fire: a Lambda or a workflow, listed in functions/timers/targets.ts. */
export const timerTargets = ['lead-sla-check', 'campaign-step', 'segment-enrollment', 'webhook-delivery'] as const;
export type TimerTarget = (typeof timerTargets)[number];
