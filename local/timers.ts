import { timerTargetSpecs } from '#functions/timers/targets.ts';
import { timerInput, timerTargets, type TimerTarget } from '#shared/scheduling/timers.ts';
import { eventBridgeRetries, lambdaAsyncRetries, withAsyncRetries, type RetryPolicy } from './async-retries.ts';
import { Delivery } from './delivery.ts';
import { loadHandler } from './handler-loader.ts';
import { lambdaContext } from './lambda-adapter.ts';
import type { LocalStepFunctions } from './step-functions.ts';

export interface LocalTimer {
  name: string;
  target: TimerTarget;
  at: string;
  payload: Record<string, unknown>;
  /**
   * `scheduled`: not yet delivered. `fired`/`failed`: done, and deleted as ActionAfterCompletion DELETE
   * deletes it, so the name is free again (kept here for GET /_local/timers, the failed ones as dead letters).
   */
  status: 'scheduled' | 'fired' | 'failed';
  /** A workflow due within the minute: started at once, with no schedule, as the AWS scheduler does. */
  direct?: true;
  /** When it fires: within the minute of `at`, as Scheduler's `at()` fires (before time scaling). */
  firesAt: string;
  /** Tries of its target so far: a failing one is retried as Lambda, or Scheduler's retry policy, retries it. */
  attempts: number;
  /** Times the target was delivered the firing (2 when the test mode delivered it twice). */
  deliveries: number;
  result?: unknown;
  error?: string;
}

/** CreateSchedule's answer when a schedule of that name exists (pending, here). */
export class ScheduleConflict extends Error {
  override name = 'ConflictException';
}

/** CreateSchedule's answer to a request it refuses (an unknown target, a target input over the limit). */
export class ScheduleInvalid extends Error {
  override name = 'ValidationException';
}

/** The largest target input taken locally: 256 KB, the payload limit of the services the targets run on. */
export const maxTimerInputBytes = 256 * 1024;
/** The AWS scheduler starts a workflow due within this directly (functions/timers/timer-scheduler.ts). */
const startDirectlyWithinMs = 60_000;
const minuteMs = 60_000;
const keptFired = 1000;
/** The longest delay setTimeout waits: a longer one fires at once (with a TimeoutOverflowWarning). */
const longestTimeoutMs = 2 ** 31 - 1;

export interface LocalTimersOptions {
  /** Fixed retry pauses (tests); by default, as AWS retries the target's kind, divided by the time scale. */
  retryPauses?: readonly number[];
  /** At least once, late within the minute (the test mode), or exactly once. */
  delivery?: Delivery;
  now?: () => number;
}

/**
 * Stands in for EventBridge Scheduler on `npm start`: one-time timers, unique by name while pending
 * (ConflictException otherwise), deleted once fired so the name can be used again, that call the
 * target's handler module or start its workflow within the minute of their time (the wait divided by
 * the time scale). In the test mode a firing is sometimes delivered twice, as Scheduler may.
 */
export class LocalTimers {
  private readonly pending = new Map<string, { timer: LocalTimer; handle: NodeJS.Timeout }>();
  private readonly done: LocalTimer[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly delivery: Delivery;
  private readonly now: () => number;
  private readonly options: LocalTimersOptions;

  /** `options` as an array: fixed retry pauses (tests). */
  constructor(
    private readonly timeScale: number,
    private readonly stepFunctions: Pick<LocalStepFunctions, 'start'> & Partial<Pick<LocalStepFunctions, 'typeOf'>>,
    options: LocalTimersOptions | readonly number[] = {},
  ) {
    this.options = Array.isArray(options) ? { retryPauses: options } : (options as LocalTimersOptions);
    this.delivery = this.options.delivery ?? Delivery.fromEnvironment();
    this.now = this.options.now ?? Date.now;
  }

  schedule(request: { name: string; target: string; at: string; payload: Record<string, unknown> }): LocalTimer {
    if (!timerTargets.includes(request.target as TimerTarget))
      throw new ScheduleInvalid(`Unknown timer target ${request.target}`);
    if (Number.isNaN(Date.parse(request.at))) throw new ScheduleInvalid(`Invalid time ${request.at}`);
    const target = request.target as TimerTarget;
    const size = Buffer.byteLength(JSON.stringify(timerInput(request)), 'utf8');
    if (size > maxTimerInputBytes)
      throw new ScheduleInvalid(`Timer ${request.name}'s input is ${size} bytes; at most ${maxTimerInputBytes}.`);
    if (this.pending.has(request.name))
      throw new ScheduleConflict(`Schedule ${request.name} already exists (it has not fired yet).`);
    const dueInMs = Date.parse(request.at) - this.now();
    const timer: LocalTimer = {
      ...request,
      target,
      status: 'scheduled',
      firesAt: request.at,
      attempts: 0,
      deliveries: 0,
    };
    const spec = timerTargetSpecs[target];
    if (spec.kind === 'workflow' && dueInMs <= startDirectlyWithinMs) {
      timer.direct = true;
      if (this.stepFunctions.typeOf?.(spec.workflow) === 'STANDARD') {
        // As in AWS: StartExecution named after the timer, now. A Standard execution keeps its name: the
        // same start while it runs is that execution, and after it ended ExecutionAlreadyExists (thrown to
        // the caller, as StartExecution answers the Lambda that set the timer).
        const execution = this.stepFunctions.start(spec.workflow, timerInput(timer), { name: timer.name });
        Object.assign(timer, { status: 'fired', attempts: 1, deliveries: 1, result: execution.executionArn });
        this.remember(timer);
        return timer;
      }
      // As in AWS: no schedule, StartExecution at once, which Express does not deduplicate by name.
      this.remember(timer);
      this.track(this.fire(timer));
      return timer;
    }
    // at() fires within the minute of its time, not to the millisecond.
    const firesAt = Date.parse(request.at) + this.withinTheMinuteMs();
    timer.firesAt = new Date(firesAt).toISOString();
    this.arm(timer, Math.max(0, firesAt - this.now()) / this.timeScale);
    return timer;
  }

  /**
   * Fires `timer` after `delayMs`. Node fires a timeout of more than 2^31 - 1 ms (24.8 days) at once, so a
   * longer wait (a month-long SLA target at time scale 1) is waited in steps of at most that.
   */
  private arm(timer: LocalTimer, delayMs: number): void {
    const step = Math.min(delayMs, longestTimeoutMs);
    const handle = setTimeout(() => {
      if (delayMs > step) return this.arm(timer, delayMs - step);
      this.pending.delete(timer.name); // deleted after it fires: the name is free again
      this.remember(timer);
      this.track(this.fire(timer));
    }, step);
    this.pending.set(timer.name, { timer, handle });
  }

  /** Pending timers, then the most recent fired and failed ones. */
  list(): LocalTimer[] {
    return [...[...this.pending.values()].map(({ timer }) => timer), ...this.done];
  }

  /** Resolves once every firing started so far is done (fired or failed). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  stop(): void {
    for (const { handle } of this.pending.values()) clearTimeout(handle);
  }

  private withinTheMinuteMs(): number {
    return Math.floor(this.delivery.random() * minuteMs);
  }

  private remember(timer: LocalTimer): void {
    this.done.push(timer);
    // Failed ones stay (they are dead letters); the oldest fired ones go.
    if (this.done.length > keptFired) {
      const oldest = this.done.findIndex((kept) => kept.status === 'fired');
      if (oldest >= 0) this.done.splice(oldest, 1);
    }
  }

  private track(firing: Promise<void>): void {
    const tracked = firing.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Delivers the firing (twice, sometimes, in the test mode); after the last retry it stays `failed`, a dead letter. */
  private async fire(timer: LocalTimer): Promise<void> {
    const copies = this.delivery.copies('timers');
    const outcomes = await Promise.allSettled(
      Array.from({ length: copies }, async (_, copy) => {
        if (copy > 0) await new Promise((resolve) => setTimeout(resolve, this.delivery.delayMs()));
        return this.deliverOnce(timer);
      }),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    const success = outcomes.find((outcome) => outcome.status === 'fulfilled');
    if (success) {
      timer.result = success.value;
      timer.status = 'fired';
      return;
    }
    Object.assign(timer, { status: 'failed', error: String(failure?.reason) });
    console.error(
      `[local] timer ${timer.name} failed ${timer.attempts} times; parked in /_local/dead-letters:`,
      failure?.reason,
    );
  }

  private async deliverOnce(timer: LocalTimer): Promise<unknown> {
    timer.deliveries++;
    const spec = timerTargetSpecs[timer.target];
    const input = timerInput(timer);
    // One invocation: its retries keep its request id, as Lambda's do.
    const context = lambdaContext(timer.target);
    return withAsyncRetries(async () => {
      timer.attempts++;
      if (spec.kind === 'workflow')
        return { executionArn: this.stepFunctions.start(spec.workflow, input).executionArn };
      return (await loadHandler(spec.entry))(input, context);
    }, this.retryPolicy(spec.kind));
  }

  private retryPolicy(kind: 'lambda' | 'workflow'): RetryPolicy | readonly number[] {
    if (this.options.retryPauses) return this.options.retryPauses;
    // Scheduler invokes a Lambda asynchronously (Lambda retries it); a failed StartExecution it retries
    // itself, as the schedule's RetryPolicy says (MaximumRetryAttempts 10, timer-scheduler.ts).
    return kind === 'workflow'
      ? eventBridgeRetries(this.timeScale, this.delivery.random, { maxRetries: 10 })
      : lambdaAsyncRetries(this.timeScale, this.delivery.random);
  }
}
