import type { TimerTarget } from '#shared/scheduling/timers.ts';

export type TimerTargetSpec =
  | {
      kind: 'lambda';
      entry: string;
      tableAccess: 'read' | 'readWrite';
      sendsEmail: boolean;
      usesAppSecrets?: boolean;
      setsTimers?: boolean;
    }
  /** A workflow of workflows/, started with the timer's payload as input. */
  | { kind: 'workflow'; workflow: string };

/**
 * What each timer target fires. CDK lets EventBridge Scheduler invoke the Lambda or start the state
 * machine; the local timers call the same handler module or start the same workflow, in-process.
 */
export const timerTargetSpecs: Record<TimerTarget, TimerTargetSpec> = {
  'lead-sla-check': {
    kind: 'lambda',
    entry: 'functions/timers/lead-sla-check.ts',
    tableAccess: 'readWrite',
    sendsEmail: true,
  },
  'campaign-step': { kind: 'workflow', workflow: 'campaign-step' },
  'segment-enrollment': { kind: 'workflow', workflow: 'segment-enrollment' },
  'segment-count': { kind: 'workflow', workflow: 'segment-count' },
  'webhook-delivery': {
    kind: 'lambda',
    entry: 'functions/timers/webhook-delivery.ts',
    tableAccess: 'readWrite',
    sendsEmail: false,
    usesAppSecrets: true,
    setsTimers: true,
  },
  'ticket-sla-check': {
    kind: 'lambda',
    entry: 'functions/timers/ticket-sla-check.ts',
    tableAccess: 'readWrite',
    sendsEmail: true,
  },
};
