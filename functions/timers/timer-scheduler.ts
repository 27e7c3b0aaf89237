import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { timerInput, type TimerScheduler, type TimerTarget } from '#shared/scheduling/timers.ts';
import { timerTargetSpecs } from './targets.ts';

/** The environment variable holding a target's Lambda or state machine ARN (set by CDK). */
export const timerTargetEnv = (target: TimerTarget) => `TIMER_TARGET_${target.toUpperCase().replaceAll('-', '_')}_ARN`;

/**
 * One-time EventBridge Scheduler schedules (deleted after they fire, ActionAfterCompletion DELETE, so a
 * name can be used again; a workflow due within a minute is started at once), or, when
 * RELAY_LOCAL_SCHEDULER_URL is set by `npm start`, the local timers that fire the same handler or
 * workflow, time-scaled. Either way the target gets `firing: { name, at }` and claims it once
 * (functions/timers/fired-once.ts): Scheduler delivers at least once, and Express does not deduplicate
 * StartExecution by name.
 */
export function timerScheduler(): TimerScheduler {
  const localUrl = process.env.RELAY_LOCAL_SCHEDULER_URL;
  return localUrl
    ? localTimerScheduler(localUrl)
    : eventBridgeTimerScheduler(new SchedulerClient({}), new SFNClient({}));
}

/** Scheduler's `at()` has minute granularity; a workflow due sooner than this is started directly. */
const startDirectlyWithinMs = 60_000;

export function eventBridgeTimerScheduler(
  client: SchedulerClient,
  stepFunctions: SFNClient,
  now: () => number = Date.now,
): TimerScheduler {
  return {
    async scheduleOnce(timer) {
      const { name, target, at } = timer;
      const input = JSON.stringify(timerInput(timer));
      const targetArn = process.env[timerTargetEnv(target)];
      if (!targetArn) throw new Error(`Timer target ${target} is not configured (${timerTargetEnv(target)})`);
      if (timerTargetSpecs[target].kind === 'workflow' && Date.parse(at) <= now() + startDirectlyWithinMs) {
        try {
          await stepFunctions.send(
            new StartExecutionCommand({
              stateMachineArn: targetArn,
              name: name.slice(0, 80),
              input,
            }),
          );
        } catch (error) {
          // A Standard execution keeps its name for 90 days: this timer's execution was started by an earlier
          // try of this step (and has ended, or ran with other input). One execution is what we want.
          if (!(error instanceof ExecutionAlreadyExists)) throw error;
        }
        return;
      }
      if (!process.env.TIMER_ROLE_ARN) throw new Error('TIMER_ROLE_ARN is not set');
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name.slice(0, 64),
            GroupName: process.env.TIMER_GROUP_NAME,
            // at() takes a local time without zone, read in ScheduleExpressionTimezone.
            ScheduleExpression: `at(${new Date(at).toISOString().slice(0, 19)})`,
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: targetArn,
              RoleArn: process.env.TIMER_ROLE_ARN,
              Input: input,
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
            },
          }),
        );
      } catch (error) {
        // The same name is pending, set by an earlier try of this step: one timer is what we want.
        if (!(error instanceof ConflictException)) throw error;
      }
    },
  };
}

function localTimerScheduler(url: string): TimerScheduler {
  return {
    async scheduleOnce(timer) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(timer),
      });
      // 409: the name is pending, as CreateSchedule's ConflictException says, or a Standard execution of that
      // name was started already (ExecutionAlreadyExists); one timer is what we want.
      if (response.status === 409) return;
      if (!response.ok) throw new Error(`Local scheduler answered ${response.status}: ${await response.text()}`);
    },
  };
}
