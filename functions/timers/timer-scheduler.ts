import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { TimerScheduler, TimerTarget } from '#shared/scheduling/timers.ts';

/** The environment variable holding a target's Lambda ARN (set by CDK). */
export const timerTargetEnv = (target: TimerTarget) => `TIMER_TARGET_${target.toUpperCase().replaceAll('-', '_')}_ARN`;

/**
 * One-time EventBridge Scheduler schedules (deleted after they fire), or, when RELAY_LOCAL_SCHEDULER_URL
 * is set by `npm start`, the local scheduler that fires the same handler, time-scaled.
 */
export function timerScheduler(): TimerScheduler {
  const localUrl = process.env.RELAY_LOCAL_SCHEDULER_URL;
  return localUrl ? localTimerScheduler(localUrl) : eventBridgeTimerScheduler(new SchedulerClient({}));
}

export function eventBridgeTimerScheduler(client: SchedulerClient): TimerScheduler {
  return {
    async scheduleOnce({ name, target, at, payload }) {
      const targetArn = process.env[timerTargetEnv(target)];
      if (!targetArn || !process.env.TIMER_ROLE_ARN) throw new Error(`Timer target ${target} is not configured (${timerTargetEnv(target)}, TIMER_ROLE_ARN)`);
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
            Target: { Arn: targetArn, RoleArn: process.env.TIMER_ROLE_ARN, Input: JSON.stringify(payload), RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 } },
          }),
        );
      } catch (error) {
        // The same name was scheduled by an earlier try of this step: one timer is what we want.
        if (!(error instanceof ConflictException)) throw error;
      }
    },
  };
}

function localTimerScheduler(url: string): TimerScheduler {
  return {
    async scheduleOnce(timer) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(timer) });
      if (!response.ok) throw new Error(`Local scheduler answered ${response.status}: ${await response.text()}`);
    },
  };
}
