import { timerTargetSpecs } from '#functions/timers/targets.ts';
import { timerTargets, type TimerTarget } from '#shared/scheduling/timers.ts';
import { loadHandler } from './handler-loader.ts';
import { lambdaContext } from './lambda-adapter.ts';
import type { LocalStepFunctions } from './step-functions.ts';

export interface LocalTimer {
  name: string;
  target: TimerTarget;
  at: string;
  payload: Record<string, unknown>;
  status: 'scheduled' | 'fired' | 'failed';
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
  ) {}

  schedule(request: { name: string; target: string; at: string; payload: Record<string, unknown> }): LocalTimer {
    if (!timerTargets.includes(request.target as TimerTarget)) throw new Error(`Unknown timer target ${request.target}`);
    const known = this.timers.get(request.name);
    if (known) return known.timer;
    const timer: LocalTimer = { ...request, target: request.target as TimerTarget, status: 'scheduled' };
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

  private async fire(timer: LocalTimer): Promise<void> {
    try {
      const spec = timerTargetSpecs[timer.target];
      if (spec.kind === 'workflow') timer.result = { executionArn: this.stepFunctions.start(spec.workflow, timer.payload).executionArn };
      else timer.result = await (await loadHandler(spec.entry))(timer.payload, lambdaContext(timer.target));
      timer.status = 'fired';
    } catch (error) {
      Object.assign(timer, { status: 'failed', error: String(error) });
      console.error(`[local] timer ${timer.name} failed:`, error);
    }
  }
}
