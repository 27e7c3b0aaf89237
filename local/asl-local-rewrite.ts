import type { AslDefinition, Workflow } from '#workflows/workflow.ts';

type State = Record<string, unknown> & { Type: string };
type Retrier = { IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number; MaxDelaySeconds?: number };

export interface WaitSpec {
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
}

/** The definition the local interpreter runs, and what each rewritten state stands for. */
export interface LocalDefinition {
  definition: AslDefinition;
  /** Task state name → handler module. */
  taskEntries: Map<string, string>;
  /** Former Wait state name → its wait fields, now served by a local sleeper that honours the time scale. */
  waits: Map<string, WaitSpec>;
  /** Task state name → retry pauses in ms, already divided by the time scale. */
  retryPausesMs: Record<string, number[]>;
}

const localArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const waitFields = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'] as const;

/**
 * Prepares a workflow's ASL for aws-local-stepfunctions: `${Placeholder}` task resources become
 * local ARNs mapped to their handler modules, and every Wait state becomes a Task served by a local
 * sleeper. The interpreter can only override a Wait with a fixed number, so rewriting is what lets
 * SecondsPath and Timestamp waits honour the time scale too; InputPath/OutputPath keep their meaning
 * because the sleeper returns its input unchanged.
 */
export function rewriteForLocalRun(workflow: Workflow, timeScale: number): LocalDefinition {
  const taskEntries = new Map<string, string>();
  const waits = new Map<string, WaitSpec>();
  const retryPausesMs: Record<string, number[]> = {};

  const rewriteStates = (states: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(states).map(([name, raw]) => {
        const state = { ...(raw as State) };
        if (state.Type === 'Wait') {
          const spec: WaitSpec = {};
          for (const field of waitFields) {
            if (state[field] !== undefined) (spec as Record<string, unknown>)[field] = state[field];
            delete state[field];
          }
          waits.set(name, spec);
          return [name, { ...state, Type: 'Task', Resource: localArn(`LocalWait-${name}`) }];
        }
        if (state.Type === 'Task' && typeof state.Resource === 'string') {
          const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource)?.[1];
          const task = placeholder ? workflow.tasks[placeholder] : undefined;
          if (placeholder && !task) throw new Error(`${workflow.name}: state ${name} uses \${${placeholder}} but no task defines it`);
          if (placeholder && task) {
            taskEntries.set(name, task.entry);
            state.Resource = localArn(placeholder);
          }
          const pauses = retryPauses(state.Retry as Retrier[] | undefined, timeScale);
          if (pauses) retryPausesMs[name] = pauses;
        }
        if (state.Type === 'Parallel') {
          state.Branches = (state.Branches as AslDefinition[]).map((branch) => ({ ...branch, States: rewriteStates(branch.States) }));
        }
        for (const key of ['Iterator', 'ItemProcessor'] as const) {
          const inner = state[key] as AslDefinition | undefined;
          if (inner) state[key] = { ...inner, States: rewriteStates(inner.States) };
        }
        return [name, state];
      }),
    );

  const definition = { ...workflow.definition, States: rewriteStates(workflow.definition.States) };
  return { definition, taskEntries, waits, retryPausesMs };
}

/** The pauses of the state's first retrier (interval × backoff^n, capped), scaled. */
function retryPauses(retriers: Retrier[] | undefined, timeScale: number): number[] | undefined {
  const retrier = retriers?.[0];
  if (!retrier) return undefined;
  const { IntervalSeconds = 1, MaxAttempts = 3, BackoffRate = 2, MaxDelaySeconds = Infinity } = retrier;
  return Array.from({ length: MaxAttempts }, (_, attempt) =>
    (Math.min(IntervalSeconds * BackoffRate ** attempt, MaxDelaySeconds) * 1000) / timeScale,
  );
}
