/**
 * Retry policies of the AWS services the local stack stands in for: the pause before retry `n`
 * (1-based), or undefined once no retry is left. Pauses are real AWS durations divided by the time
 * scale, jittered by a seeded random source so a run can be repeated.
 */
export type RetryPolicy = (retry: number) => number | undefined;

/** A random source in [0, 1): Math.random, or a seeded one (local/delivery.ts). */
export type Random = () => number;

const minuteMs = 60_000;

/**
 * Lambda's asynchronous invocation (EventBridge, Scheduler and SES invoke Lambdas so): on a function
 * error it runs the event two more times, about one minute and then two minutes later.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export function lambdaAsyncRetries(timeScale: number, random: Random = Math.random): RetryPolicy {
  const pausesMs = [minuteMs, 2 * minuteMs];
  // "About": up to 10 % later, so two failing events do not retry in lockstep.
  return (retry) => {
    const pause = pausesMs[retry - 1];
    return pause === undefined ? undefined : (pause * (1 + random() * 0.1)) / timeScale;
  };
}

/**
 * EventBridge's (and Scheduler's) retry policy for a target it cannot reach (StartExecution throttled,
 * a workflow missing): exponential backoff with full jitter, up to `maxRetries` (EventBridge's default
 * 185, Scheduler's as the schedule sets it) or until the event is `maxAgeMs` old (24 hours by default).
 * AWS does not publish the exact schedule; this one starts at 1 s and doubles up to 15 minutes, which
 * spends about 24 hours on 185 retries.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export function eventBridgeRetries(
  timeScale: number,
  random: Random = Math.random,
  { maxRetries = 185, maxAgeMs = 24 * 60 * minuteMs } = {},
): RetryPolicy {
  let waitedMs = 0;
  return (retry) => {
    if (retry > maxRetries) return undefined;
    const ceiling = Math.min(15 * minuteMs, 1000 * 2 ** (retry - 1));
    const pause = ceiling * random();
    if (waitedMs + pause > maxAgeMs) return undefined;
    waitedMs += pause;
    return pause / timeScale;
  };
}

/** Fixed pauses, for tests that want a target retried at once. */
export const fixedPauses =
  (pausesMs: readonly number[]): RetryPolicy =>
  (retry) =>
    pausesMs[retry - 1];

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task`, retrying after each pause `policy` gives; rejects with the last error once it gives none. */
export async function withAsyncRetries<T>(
  task: () => Promise<T>,
  policy: RetryPolicy | readonly number[],
  sleep: Sleep = realSleep,
): Promise<T> {
  const pauseBefore = typeof policy === 'function' ? policy : fixedPauses(policy);
  for (let retry = 1; ; retry++) {
    try {
      return await task();
    } catch (error) {
      const pause = pauseBefore(retry);
      if (pause === undefined) throw error;
      await sleep(pause);
    }
  }
}
