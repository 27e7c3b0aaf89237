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
  /** Former `.waitForTaskToken` state name → its handler and timeout, served by a local waiter. */
  callbacks: Map<string, CallbackSpec>;
}

export interface CallbackSpec {
  entry: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
}

/** Where the local waiter puts the task token it issues (the interpreter has no `$$.Task.Token`). */
export const localTaskTokenMarker = '${LocalTaskToken}';
/** The payload field that carries a TimeoutSecondsPath's value to the local waiter (removed before the Lambda sees it). */
export const localTimeoutField = '__localTimeoutSeconds';
const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

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
  const callbacks = new Map<string, CallbackSpec>();

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
        if (state.Type === 'Task' && state.Resource === callbackResource) {
          // The Lambda gets the payload with a token the local waiter issues; the waiter then holds the
          // state until SendTaskSuccess (POST /_local/task-tokens) or its time-scaled timeout.
          const parameters = state.Parameters as { FunctionName: string; Payload: Record<string, unknown> };
          const placeholder = /^\$\{(\w+)\}$/.exec(parameters.FunctionName)?.[1];
          const task = placeholder ? workflow.tasks[placeholder] : undefined;
          if (!task)
            throw new Error(
              `${workflow.name}: state ${name} invokes ${parameters.FunctionName}, which no task defines`,
            );
          const payload: Record<string, unknown> = Object.fromEntries(
            Object.entries(parameters.Payload).map(([key, value]) =>
              value === '$$.Task.Token' ? [key.replace(/\.\$$/, ''), localTaskTokenMarker] : [key, value],
            ),
          );
          // TimeoutSecondsPath reads the state's input, which the waiter no longer sees: carry it in the payload.
          if (typeof state.TimeoutSecondsPath === 'string')
            payload[`${localTimeoutField}.$`] = state.TimeoutSecondsPath;
          callbacks.set(name, {
            entry: task.entry,
            ...pick(state, 'TimeoutSeconds'),
            ...pick(state, 'TimeoutSecondsPath'),
          });
          for (const field of ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'])
            delete state[field];
          const pauses = retryPauses(state.Retry as Retrier[] | undefined, timeScale);
          if (pauses) retryPausesMs[name] = pauses;
          return [name, { ...state, Resource: localArn(`Callback-${name}`), Parameters: payload }];
        }
        if (state.Type === 'Task' && typeof state.Resource === 'string') {
          const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource)?.[1];
          const task = placeholder ? workflow.tasks[placeholder] : undefined;
          if (placeholder && !task)
            throw new Error(`${workflow.name}: state ${name} uses \${${placeholder}} but no task defines it`);
          if (placeholder && task) {
            taskEntries.set(name, task.entry);
            state.Resource = localArn(placeholder);
          }
          const pauses = retryPauses(state.Retry as Retrier[] | undefined, timeScale);
          if (pauses) retryPausesMs[name] = pauses;
        }
        if (state.Type === 'Parallel') {
          state.Branches = (state.Branches as AslDefinition[]).map((branch) => ({
            ...branch,
            States: rewriteStates(branch.States),
          }));
        }
        for (const key of ['Iterator', 'ItemProcessor'] as const) {
          const inner = state[key] as AslDefinition | undefined;
          if (inner) state[key] = { ...inner, States: rewriteStates(inner.States) };
        }
        return [name, state];
      }),
    );

  const definition = { ...workflow.definition, States: rewriteStates(workflow.definition.States) };
  return { definition, taskEntries, waits, retryPausesMs, callbacks };
}

function pick(state: State, field: 'TimeoutSeconds' | 'TimeoutSecondsPath'): Partial<CallbackSpec> {
  return state[field] === undefined ? {} : { [field]: state[field] };
}

/** The pauses of the state's first retrier (interval × backoff^n, capped), scaled. */
function retryPauses(retriers: Retrier[] | undefined, timeScale: number): number[] | undefined {
  const retrier = retriers?.[0];
  if (!retrier) return undefined;
  const { IntervalSeconds = 1, MaxAttempts = 3, BackoffRate = 2, MaxDelaySeconds = Infinity } = retrier;
  return Array.from(
    { length: MaxAttempts },
    (_, attempt) => (Math.min(IntervalSeconds * BackoffRate ** attempt, MaxDelaySeconds) * 1000) / timeScale,
  );
}
