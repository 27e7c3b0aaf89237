import { timerTargetSpecs } from '#functions/timers/targets.ts';
import { timerTargets, type TimerTarget } from '#shared/scheduling/timers.ts';
import { asyncRetryDelaysMs, withAsyncRetries } from './async-retries.ts';
import { loadHandler } from './handler-loader.ts';
import { lambdaContext } from './lambda-adapter.ts';
import type { LocalStepFunctions } from './step-functions.ts';

export interface LocalTimer {
  name: string;
  target: TimerTarget;
  at: string;
  payload: Record<string, unknown>;
  status: 'scheduled' | 'fired' | 'failed';
  /** Tries of its target so far: a failing one is retried as Lambda retries an asynchronous invocation. */
  attempts: number;
  result?: unknown;
  error?: string;
}

/**
 * Stands in for EventBridge Scheduler on `npm start`: one-time timers, unique by name, that call the
 * target's handler module or start its workflow when due, with the time until then divided by the time scale.
 */
export class LocalTimers {
  private readonly timers = new Map<string, { timer: LocalTimer; handle: NodeJS.Timeout }>();

  constructor(
    private readonly timeScale: number,
    private readonly stepFunctions: Pick<LocalStepFunctions, 'start'>,
    private readonly retryDelaysMs: readonly number[] = asyncRetryDelaysMs,
  ) {}

  schedule(request: { name: string; target: string; at: string; payload: Record<string, unknown> }): LocalTimer {
    if (!timerTargets.includes(request.target as TimerTarget))
      throw new Error(`Unknown timer target ${request.target}`);
    const known = this.timers.get(request.name);
    if (known) return known.timer;
    const timer: LocalTimer = { ...request, target: request.target as TimerTarget, status: 'scheduled', attempts: 0 };
    const delayMs = Math.max(0, Date.parse(request.at) - Date.now()) / this.timeScale;
    const handle = setTimeout(() => void this.fire(timer), delayMs);
    this.timers.set(request.name, { timer, handle });
    return timer;
  }

  list(): LocalTimer[] {
    return [...this.timers.values()].map(({ timer }) => timer);
  }

  stop(): void {
    for (const { handle } of this.timers.values()) clearTimeout(handle);
  }

  /** Fires the target; after the last retry the timer stays `failed`, counted in GET /_local/dead-letters. */
  private async fire(timer: LocalTimer): Promise<void> {
    const spec = timerTargetSpecs[timer.target];
    try {
      timer.result = await withAsyncRetries(async () => {
        timer.attempts++;
        if (spec.kind === 'workflow')
          return { executionArn: this.stepFunctions.start(spec.workflow, timer.payload).executionArn };
        return (await loadHandler(spec.entry))(timer.payload, lambdaContext(timer.target));
      }, this.retryDelaysMs);
      timer.status = 'fired';
    } catch (error) {
      Object.assign(timer, { status: 'failed', error: String(error) });
      console.error(
        `[local] timer ${timer.name} failed ${timer.attempts} times; parked in /_local/dead-letters:`,
        error,
      );
    }
  }
}
