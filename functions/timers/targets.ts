import type { TimerTarget } from '#shared/scheduling/timers.ts';

export interface TimerTargetFunction {
  entry: string;
  tableAccess: 'read' | 'readWrite';
  sendsEmail: boolean;
}

/** The Lambda each timer target fires: CDK lets EventBridge Scheduler invoke it; the local scheduler calls it in-process. */
export const timerTargetFunctions: Record<TimerTarget, TimerTargetFunction> = {
  'lead-sla-check': { entry: 'functions/timers/lead-sla-check.ts', tableAccess: 'readWrite', sendsEmail: true },
};
