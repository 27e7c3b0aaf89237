import './polyfills.ts';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { JSONPath } from 'jsonpath-plus';
import type { Workflow } from '#workflows/workflow.ts';
import {
  localTaskTokenMarker,
  localTimeoutField,
  rewriteForLocalRun,
  type CallbackSpec,
  type LocalDefinition,
  type WaitSpec,
} from './asl-local-rewrite.ts';
import { lambdaContext } from './lambda-adapter.ts';
import { loadHandler } from './handler-loader.ts';
import { Delivery } from './delivery.ts';

type Json = Parameters<StateMachine['run']>[0];

export interface StateTransition {
  at: string;
  type: string;
  state?: string;
  error?: string;
}

export interface LocalExecution {
  executionArn: string;
  workflow: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  startedAt: string;
  stoppedAt?: string;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  history: StateTransition[];
}

/** The largest execution input, state input or output Step Functions takes: 256 KiB of UTF-8. */
export const maxStatePayloadBytes = 256 * 1024;
/** How long an Express execution may run (in AWS time: real time, plus waits at their unscaled length). */
export const expressLimitMs = 5 * 60_000;

const payloadBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

export interface LocalStepFunctionsOptions {
  /** At least once (the test mode: an Express start sometimes runs twice), or exactly once. */
  delivery?: Delivery;
  /** Express's five minutes; smaller in tests. */
  expressLimitMs?: number;
}

/** What one running execution knows about its time: when it started and how much waiting it skipped. */
interface ExecutionClock {
  startedAt: number;
  /** Unscaled wait time minus the scaled time actually waited: what AWS would have spent beyond real time. */
  skippedMs: number;
  timeOut: () => void;
}

/**
 * Runs the workflows of workflows/ with aws-local-stepfunctions, each Task calling the same handler
 * module CDK deploys for it. Waits and retry pauses are divided by `timeScale`, so a day-long Wait
 * takes a second at 86400.
 */
export class LocalStepFunctions {
  private readonly prepared = new Map<string, { workflow: Workflow; local: LocalDefinition; machine: StateMachine }>();
  private readonly executions = new Map<
    string,
    { record: LocalExecution; done: Promise<LocalExecution>; abort: () => void }
  >();
  /** Task tokens of states waiting for SendTaskSuccess. */
  private readonly waiting = new Map<
    string,
    { resolve: (output: Json) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();

  private readonly delivery: Delivery;
  private readonly expressLimitMs: number;
  /** Standard executions started with a name: Step Functions keeps a name for 90 days (here, for the run). */
  private readonly named = new Map<string, { record: LocalExecution; input: string }>();

  constructor(
    workflows: Workflow[],
    private readonly timeScale = 1,
    options: LocalStepFunctionsOptions = {},
  ) {
    if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
    this.delivery = options.delivery ?? Delivery.fromEnvironment();
    this.expressLimitMs = options.expressLimitMs ?? expressLimitMs;
    for (const workflow of workflows) {
      const local = rewriteForLocalRun(workflow, timeScale);
      // Not validated here: asl-validator compiles its JSON schemas afresh for every definition, about 0.2 s of
      // CPU each, paid by every stack and test runner that starts. test/unit/workflow-definitions.test.ts
      // validates these very definitions (rewriteForLocalRun's output, every stage) with the same validator.
      const machine = new StateMachine(local.definition as ConstructorParameters<typeof StateMachine>[0], {
        validationOptions: { noValidate: true },
      });
      this.prepared.set(workflow.name, { workflow, local, machine });
    }
  }

  /**
   * Starts an execution and returns at once, as StartExecution does; `whenDone` waits for its end. An
   * input over 256 KiB is refused (ValidationException). Express runs at least once and does not
   * deduplicate starts: in the test mode some Express starts run a second, concurrent execution.
   */
  start(workflowName: string, input: unknown, options: { name?: string } = {}): LocalExecution {
    const prepared = this.prepared.get(workflowName);
    if (!prepared) throw new Error(`No workflow named ${workflowName}`);
    if (options.name && prepared.workflow.type !== 'EXPRESS') return this.startNamed(prepared, input, options.name);
    const size = payloadBytes(input);
    if (size > maxStatePayloadBytes)
      throw Object.assign(
        new Error(
          `The input of ${workflowName} is ${size} bytes; Step Functions takes at most ${maxStatePayloadBytes}.`,
        ),
        { name: 'ValidationException' },
      );
    const record = this.run(prepared, input);
    if (prepared.workflow.type === 'EXPRESS' && this.delivery.copies('executions') > 1)
      setTimeout(() => this.run(prepared, input), this.delivery.delayMs());
    return record;
  }

  typeOf(workflowName: string): 'STANDARD' | 'EXPRESS' | undefined {
    return this.prepared.get(workflowName)?.workflow.type;
  }

  /**
   * StartExecution of a Standard workflow with a name, as Step Functions answers it: the same name and input
   * while that execution runs is the same execution (idempotent); once it has ended, or with other input,
   * ExecutionAlreadyExists. Express does not deduplicate names at all.
   */
  private startNamed(
    prepared: { workflow: Workflow; local: LocalDefinition; machine: StateMachine },
    input: unknown,
    name: string,
  ): LocalExecution {
    const key = `${prepared.workflow.name}/${name}`;
    const earlier = this.named.get(key);
    if (earlier) {
      if (earlier.record.status === 'RUNNING' && earlier.input === JSON.stringify(input)) return earlier.record;
      throw Object.assign(new Error(`Execution Already Exists: '${earlier.record.executionArn}'`), {
        name: 'ExecutionAlreadyExists',
      });
    }
    const record = this.run(prepared, input);
    this.named.set(key, { record, input: JSON.stringify(input) });
    return record;
  }

  private run(
    prepared: { workflow: Workflow; local: LocalDefinition; machine: StateMachine },
    input: unknown,
  ): LocalExecution {
    const workflowName = prepared.workflow.name;
    const executionArn = `arn:aws:states:local:000000000000:execution:${workflowName}:${randomUUID()}`;
    const record: LocalExecution = {
      executionArn,
      workflow: workflowName,
      status: 'RUNNING',
      startedAt: new Date().toISOString(),
      input,
      history: [],
    };
    let timedOut = false;
    let abort = () => undefined as void;
    const clock: ExecutionClock = {
      startedAt: Date.now(),
      skippedMs: 0,
      timeOut: () => {
        timedOut = true;
        abort();
      },
    };
    const run = prepared.machine.run(input as Json, {
      overrides: {
        taskResourceLocalHandlers: this.localHandlers(prepared.local, clock, prepared.workflow.type === 'EXPRESS'),
        retryIntervalOverrides: prepared.local.retryPausesMs,
      },
      context: {
        Execution: {
          Id: executionArn,
          Input: input as Json,
          Name: executionArn.split(':').pop() ?? '',
          StartTime: record.startedAt,
        },
      },
    });
    abort = run.abort;
    // Express's five minutes: past them the execution is stopped, TIMED_OUT, whatever its Catch says.
    const limit =
      prepared.workflow.type === 'EXPRESS'
        ? setTimeout(clock.timeOut, Math.min(2 ** 31 - 1, this.expressLimitMs))
        : undefined;
    const history = this.recordHistory(run.eventLogs, record, prepared.local);
    const done = run.result
      .then((output) => Object.assign(record, { status: 'SUCCEEDED' as const, output }))
      .catch((error: Error & { cause?: unknown }) => {
        if (timedOut)
          return Object.assign(record, {
            status: 'TIMED_OUT' as const,
            error: 'States.Timeout',
            cause: `An Express execution runs at most ${this.expressLimitMs / 1000} s.`,
          });
        // ExecutionError wraps the state's error (a Fail state's Error, a task's error name), as Step Functions reports it.
        const stateError = error.cause instanceof Error ? error.cause : undefined;
        return Object.assign(record, {
          status: error.name === 'ExecutionAbortedError' ? ('ABORTED' as const) : ('FAILED' as const),
          error: stateError?.name ?? error.name,
          cause: stateError?.message ?? error.message,
        });
      })
      .then(async () => {
        clearTimeout(limit);
        await history;
        record.stoppedAt = new Date().toISOString();
        return record;
      });
    this.executions.set(executionArn, { record, done, abort: run.abort });
    return record;
  }

  whenDone(executionArn: string): Promise<LocalExecution> {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new Error(`No execution ${executionArn}`);
    return execution.done;
  }

  list(): LocalExecution[] {
    return [...this.executions.values()].map(({ record }) => record);
  }

  /** SendTaskSuccess: resumes the state waiting on `taskToken`; false when none waits (timed out, or unknown). */
  sendTaskSuccess(taskToken: string, output: unknown): boolean {
    const waiter = this.waiting.get(taskToken);
    if (!waiter) return false;
    this.waiting.delete(taskToken);
    clearTimeout(waiter.timer);
    waiter.resolve(output as Json);
    return true;
  }

  /** Aborts every running execution and waits for them to settle. */
  async stop(): Promise<void> {
    for (const [token, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      this.waiting.delete(token);
      waiter.reject(new Error('The local runner stopped'));
    }
    const running = [...this.executions.values()].filter(({ record }) => record.status === 'RUNNING');
    for (const execution of running) execution.abort();
    await Promise.all(running.map(({ done }) => done));
  }

  private localHandlers(local: LocalDefinition, clock: ExecutionClock, express: boolean) {
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, entry] of local.taskEntries) {
      handlers[stateName] = async (input) => {
        const handler = await loadHandler(entry);
        return withinDataLimit(stateName, (await handler(input, lambdaContext(stateName))) as Json);
      };
    }
    for (const [stateName, spec] of local.callbacks)
      handlers[stateName] = (input) => this.waitForTaskToken(stateName, spec, input);
    for (const [stateName, spec] of local.waits) {
      handlers[stateName] = async (input) => {
        const waitMs = waitMilliseconds(spec, input);
        // In AWS time the wait takes its full length: one that outlasts an Express execution's limit times it out.
        const awsElapsedMs = Date.now() - clock.startedAt + clock.skippedMs;
        const leftMs = this.expressLimitMs - awsElapsedMs;
        if (express && waitMs > leftMs) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, leftMs) / this.timeScale));
          clock.timeOut();
          return input;
        }
        await new Promise((resolve) => setTimeout(resolve, waitMs / this.timeScale));
        clock.skippedMs += waitMs - waitMs / this.timeScale;
        return input;
      };
    }
    return handlers;
  }

  /**
   * A `.waitForTaskToken` state: issue a token, register it (the timeout, time-scaled, starts now, as
   * in AWS), invoke the Lambda with it, then hold until SendTaskSuccess or the timeout (States.Timeout).
   */
  private async waitForTaskToken(stateName: string, spec: CallbackSpec, input: Json): Promise<Json> {
    const taskToken = randomUUID();
    const { [localTimeoutField]: timeoutFromPath, ...payload } = input as Record<string, unknown>;
    const timeoutSeconds = spec.TimeoutSeconds ?? (timeoutFromPath === undefined ? undefined : Number(timeoutFromPath));
    const answered = new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiting.delete(taskToken);
          reject(
            Object.assign(new Error(`${stateName} got no SendTaskSuccess in ${timeoutSeconds} s`), {
              name: 'States.Timeout',
            }),
          );
        },
        timeoutSeconds === undefined ? 2 ** 31 - 1 : Math.min(2 ** 31 - 1, (timeoutSeconds * 1000) / this.timeScale),
      );
      this.waiting.set(taskToken, { resolve, reject, timer });
    });
    answered.catch(() => undefined); // handled below; an early rejection must not go unhandled meanwhile
    try {
      const handler = await loadHandler(spec.entry);
      const withToken = Object.fromEntries(
        Object.entries(payload).map(([key, value]) => [key, value === localTaskTokenMarker ? taskToken : value]),
      );
      await handler(withToken, lambdaContext(stateName));
    } catch (error) {
      const waiter = this.waiting.get(taskToken);
      if (waiter) clearTimeout(waiter.timer);
      this.waiting.delete(taskToken);
      throw error;
    }
    return answered;
  }

  private async recordHistory(
    logs: AsyncGenerator<{ type: string; timestamp: number; state?: { name: string } } & Partial<{ Error: string }>>,
    record: LocalExecution,
    local: LocalDefinition,
  ) {
    try {
      for await (const log of logs) {
        const state = log.state?.name;
        record.history.push({
          at: new Date(log.timestamp).toISOString(),
          type: state && local.waits.has(state) ? log.type.replace('State', 'WaitState') : log.type,
          ...(state ? { state } : {}),
          ...(log.Error ? { error: log.Error } : {}),
        });
      }
    } catch {
      // The generator ends with the execution; an abort surfaces through `result`, not here.
    }
  }
}

/** A state's output over 256 KiB fails the execution with States.DataLimitExceeded, as in Step Functions. */
function withinDataLimit(stateName: string, output: Json): Json {
  const size = payloadBytes(output);
  if (size > maxStatePayloadBytes)
    throw Object.assign(
      new Error(`${stateName} returned ${size} bytes; a state's output is at most ${maxStatePayloadBytes}.`),
      { name: 'States.DataLimitExceeded' },
    );
  return output;
}

/** How long a Wait state waits for `input`, as Step Functions computes it (before time scaling). */
export function waitMilliseconds(spec: WaitSpec, input: unknown, now = Date.now()): number {
  const read = (path: string) => JSONPath({ path, json: input as object, wrap: false }) as unknown;
  if (spec.Seconds !== undefined) return spec.Seconds * 1000;
  if (spec.SecondsPath !== undefined) return Number(read(spec.SecondsPath)) * 1000;
  const timestamp = spec.Timestamp ?? (spec.TimestampPath !== undefined ? String(read(spec.TimestampPath)) : undefined);
  if (timestamp === undefined) throw new Error('A Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath');
  return Math.max(0, Date.parse(timestamp) - now);
}
