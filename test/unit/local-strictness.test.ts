import { afterEach, describe, expect, it, vi } from 'vitest';
import { domainEvent } from '#shared/events/catalog.ts';
import type { RouteSpec } from '#functions/http/kit/route.ts';
import type { Workflow } from '#workflows/workflow.ts';
import {
  eventBridgeRetries,
  lambdaAsyncRetries,
  withAsyncRetries,
  type RetryPolicy,
} from '../../local/async-retries.ts';
import { Delivery, deliveryFromEnvironment, seededRandom } from '../../local/delivery.ts';
import { LocalEventBus, maxEventEntryBytes } from '../../local/event-bus.ts';
import { startHttpServer } from '../../local/http-server.ts';
import { LocalStepFunctions, maxStatePayloadBytes, type LocalExecution } from '../../local/step-functions.ts';
import { LocalTimers, ScheduleConflict, ScheduleInvalid } from '../../local/timers.ts';
import { eventually } from '../support/eventually.ts';

const contactDeleted = (id: string, padding = '') =>
  domainEvent('Contact Deleted', { contactId: `C-${id}${padding}` }, { id, occurredAt: '2026-01-01T00:00:00.000Z' });
const anyContactDeleted = { 'detail-type': ['Contact Deleted'] };
const atLeastOnce = (duplicateRate: number, reorderMs = 20, seed = 7) =>
  new Delivery({ seed, duplicateRate, reorderMs });
const pausesOf = (policy: RetryPolicy) => {
  const pauses: number[] = [];
  for (let retry = 1; ; retry++) {
    const pause = policy(retry);
    if (pause === undefined) return pauses;
    pauses.push(pause);
  }
};

afterEach(() => void vi.useRealTimers());

describe('local retry pauses are the backoff AWS applies, time-scaled', () => {
  it('retries a Lambda asynchronous invocation twice, about 1 and 2 minutes later (divided by the time scale)', () => {
    const pauses = pausesOf(lambdaAsyncRetries(1440, seededRandom(1)));
    expect(pauses).toHaveLength(2);
    expect(pauses[0]).toBeGreaterThanOrEqual(60_000 / 1440);
    expect(pauses[0]).toBeLessThanOrEqual((60_000 * 1.1) / 1440);
    expect(pauses[1]).toBeGreaterThanOrEqual(120_000 / 1440);
    expect(pauses[1]).toBeLessThanOrEqual((120_000 * 1.1) / 1440);
  });

  it('backs off exponentially with full jitter for EventBridge targets, seeded, within 185 retries and 24 hours', () => {
    const once = pausesOf(eventBridgeRetries(1, seededRandom(5)));
    expect(pausesOf(eventBridgeRetries(1, seededRandom(5)))).toEqual(once); // reproducible
    expect(once.length).toBeGreaterThan(10);
    expect(once.length).toBeLessThanOrEqual(185);
    once.forEach((pause, i) => expect(pause).toBeLessThanOrEqual(Math.min(15 * 60_000, 1000 * 2 ** i)));
    expect(once.reduce((sum, pause) => sum + pause, 0)).toBeLessThanOrEqual(24 * 3600_000);
    expect(pausesOf(eventBridgeRetries(1, seededRandom(5), { maxRetries: 10 }))).toHaveLength(10);
  });

  it('waits those pauses on a virtual clock before each retry', async () => {
    vi.useFakeTimers();
    const tries: number[] = [];
    const task = vi.fn(async () => {
      tries.push(Date.now());
      if (tries.length < 3) throw new Error('throttled');
      return 'done';
    });
    const started = Date.now();
    const result = withAsyncRetries(
      task,
      lambdaAsyncRetries(1, () => 0),
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(tries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(tries).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(120_000);
    await expect(result).resolves.toBe('done');
    expect(tries.map((at) => at - started)).toEqual([0, 60_000, 180_000]);
  });
});

describe('the test mode delivers at least once and out of order, as EventBridge does', () => {
  it('is off unless RELAY_LOCAL_DELIVERY_SEED is set, and reads the rate and delay from the environment', () => {
    expect(deliveryFromEnvironment({})).toBeUndefined();
    expect(deliveryFromEnvironment({ RELAY_LOCAL_DELIVERY_SEED: 'off' })).toBeUndefined();
    expect(
      deliveryFromEnvironment({
        RELAY_LOCAL_DELIVERY_SEED: '3',
        RELAY_LOCAL_DUPLICATE_RATE: '0.5',
        RELAY_LOCAL_REORDER_MS: '5',
      }),
    ).toEqual({ seed: 3, duplicateRate: 0.5, reorderMs: 5 });
    expect(() => deliveryFromEnvironment({ RELAY_LOCAL_DELIVERY_SEED: 'x' })).toThrow(/RELAY_LOCAL_DELIVERY_SEED/);
  });

  it('delivers some events twice and out of order, reproducibly by seed, and counts the duplicates', async () => {
    const run = async (seed: number) => {
      const delivery = atLeastOnce(0.3, 20, seed);
      const bus = new LocalEventBus(undefined, { delivery, retryPauses: [] });
      const received: string[] = [];
      bus.addRule({
        name: 'all',
        pattern: anyContactDeleted,
        target: (event) => void received.push(event.detail.id as string),
      });
      const ids = Array.from({ length: 40 }, (_, i) => `E${String(i).padStart(2, '0')}`);
      await bus.publish(ids.map((id) => contactDeleted(id)));
      await bus.settled();
      return { ids, received, report: delivery.report() };
    };
    const { ids, received, report } = await run(11);
    expect(new Set(received)).toEqual(new Set(ids)); // none lost
    expect(received.length).toBeGreaterThan(ids.length); // some twice
    expect(received).not.toEqual([...received].sort()); // and not in publishing order
    expect(report).toMatchObject({
      mode: 'at-least-once',
      duplicates: { events: received.length - ids.length },
      duplicateCount: received.length - ids.length,
    });
    expect((await run(11)).report.duplicates).toEqual(report.duplicates); // the seed decides which
  });

  it('starts an Express workflow twice now and then, as Express runs at least once', async () => {
    const express: Workflow = {
      name: 'express-pass',
      type: 'EXPRESS',
      tasks: {},
      definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
    };
    const stepFunctions = new LocalStepFunctions([express], 1, { delivery: atLeastOnce(1, 1) });
    stepFunctions.start('express-pass', { n: 1 });
    const executions = await eventually(
      async () => stepFunctions.list(),
      (list) => list.length === 2 && list.every((execution) => execution.status === 'SUCCEEDED'),
    );
    expect(new Set(executions.map((execution) => execution.executionArn)).size).toBe(2);
  });
});

describe('local limits are AWS’s', () => {
  it('refuses a PutEvents entry over 256 KB with ValidationException, publishing none of the call', async () => {
    const bus = new LocalEventBus(undefined, { delivery: new Delivery(), retryPauses: [] });
    const received: unknown[] = [];
    bus.addRule({ name: 'all', pattern: anyContactDeleted, target: (event) => void received.push(event) });
    const big = contactDeleted('BIG', 'x'.repeat(maxEventEntryBytes));
    await expect(bus.publish([contactDeleted('SMALL'), big])).rejects.toMatchObject({ name: 'ValidationException' });
    await bus.settled();
    expect(received).toEqual([]);
    expect(bus.events()).toEqual([]);
    await bus.publish([contactDeleted('SMALL', 'x'.repeat(maxEventEntryBytes - 1000))]);
    await bus.settled();
    expect(received).toHaveLength(1);
  });

  const bigOutput: Workflow = {
    name: 'big-output',
    type: 'STANDARD',
    tasks: { BigFunctionArn: { entry: 'test/support/handlers/big-output.ts', tableAccess: 'read' } },
    definition: {
      StartAt: 'Big',
      States: { Big: { Type: 'Task', Resource: '${BigFunctionArn}', End: true } },
    },
  };

  it('fails a state whose output is over 256 KiB with States.DataLimitExceeded, and refuses such an input', async () => {
    const stepFunctions = new LocalStepFunctions([bigOutput], 1, { delivery: new Delivery() });
    const within = await stepFunctions.whenDone(stepFunctions.start('big-output', { bytes: 1000 }).executionArn);
    expect(within.status).toBe('SUCCEEDED');
    const over = await stepFunctions.whenDone(
      stepFunctions.start('big-output', { bytes: maxStatePayloadBytes }).executionArn,
    );
    expect(over).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(() => stepFunctions.start('big-output', { bytes: 1, padding: 'x'.repeat(maxStatePayloadBytes) })).toThrow(
      expect.objectContaining({ name: 'ValidationException' }),
    );
  });

  it('times an Express execution out after five minutes of AWS time: waits count at their unscaled length', async () => {
    const waiting = (seconds: number): Workflow => ({
      name: `express-wait-${seconds}`,
      type: 'EXPRESS',
      tasks: {},
      definition: {
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: seconds, Next: 'Done' }, Done: { Type: 'Succeed' } },
      },
    });
    // At 1000x, a 4-minute wait takes 240 ms and a 6-minute one would take 360 ms: only the second outlives Express.
    const stepFunctions = new LocalStepFunctions([waiting(240), waiting(360)], 1000, { delivery: new Delivery() });
    const [short, long] = await Promise.all(
      ['express-wait-240', 'express-wait-360'].map((name) =>
        stepFunctions.whenDone(stepFunctions.start(name, {}).executionArn),
      ),
    );
    expect(short?.status).toBe('SUCCEEDED');
    expect(long).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const realMs = Date.parse(long?.stoppedAt ?? '') - Date.parse(long?.startedAt ?? '');
    expect(realMs).toBeLessThan(1000); // it stopped at the limit (300 ms here), not after the whole wait
  });

  it('answers 503 Service Unavailable, as HTTP API does, when a handler outlasts the integration timeout', async () => {
    const server = await startHttpServer({
      routes: [
        {
          name: 'slow',
          method: 'GET',
          path: '/slow',
          entry: 'test/support/handlers/slow.ts',
          access: 'public',
          tableAccess: 'read',
          summary: 'slow',
          tag: 'test',
        } as unknown as RouteSpec,
      ],
      port: 0,
      authorizer: { verify: async () => undefined, issue: async () => '' },
      requestTimeoutMs: 50,
    });
    try {
      const response = await fetch(`${server.url}/slow`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    } finally {
      await server.close();
    }
  });
});

describe('local timers behave as EventBridge Scheduler one-time schedules', () => {
  const started: unknown[] = [];
  const runner = {
    start: (workflow: string, input: unknown): LocalExecution => {
      started.push(input);
      return { executionArn: `arn:${started.length}`, workflow, status: 'RUNNING', startedAt: '', input, history: [] };
    },
  };
  const inAnHour = (now: number) => new Date(now + 3600_000).toISOString();

  it('conflicts on a pending name, fires within the minute of its time, deletes itself, and frees the name', async () => {
    started.length = 0;
    const now = Date.now();
    // 3600x: an hour takes one second, a minute 17 ms.
    const timers = new LocalTimers(3600, runner, { delivery: new Delivery(), retryPauses: [] });
    const at = inAnHour(now);
    const timer = timers.schedule({ name: 'seg-1', target: 'segment-enrollment', at, payload: { n: 1 } });
    expect(Date.parse(timer.firesAt)).toBeGreaterThanOrEqual(Date.parse(at));
    expect(Date.parse(timer.firesAt)).toBeLessThan(Date.parse(at) + 60_000);
    expect(() => timers.schedule({ name: 'seg-1', target: 'segment-enrollment', at, payload: {} })).toThrow(
      ScheduleConflict,
    );
    await eventually(
      async () => timers.list(),
      (list) => list.every((kept) => kept.status === 'fired'),
      5000,
    );
    await timers.settled();
    expect(started).toEqual([{ n: 1, firing: { name: 'seg-1', at } }]);
    // Deleted after firing: the same name can be scheduled again, for another time.
    const later = new Date(Date.parse(at) + 600_000).toISOString();
    expect(timers.schedule({ name: 'seg-1', target: 'segment-enrollment', at: later, payload: { n: 2 } }).status).toBe(
      'scheduled',
    );
    timers.stop();
  });

  it('keeps a timer more than 24.8 days away pending, where a plain setTimeout would fire it at once', async () => {
    started.length = 0;
    const timers = new LocalTimers(1, runner, { delivery: new Delivery(), retryPauses: [] });
    const inFortyDays = new Date(Date.now() + 40 * 86_400_000).toISOString();
    timers.schedule({ name: 'far-away', target: 'segment-enrollment', at: inFortyDays, payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(timers.list().map((timer) => timer.status)).toEqual(['scheduled']);
    expect(started).toEqual([]);
    timers.stop();
  });

  it('spreads firings over the minute of their time (seeded), not to the millisecond', () => {
    const timers = new LocalTimers(1, runner, { delivery: atLeastOnce(0), retryPauses: [] });
    const at = inAnHour(Date.now());
    const offsets = Array.from(
      { length: 20 },
      (_, i) =>
        Date.parse(timers.schedule({ name: `t-${i}`, target: 'segment-enrollment', at, payload: {} }).firesAt) -
        Date.parse(at),
    );
    timers.stop();
    expect(offsets.every((offset) => offset >= 0 && offset < 60_000)).toBe(true);
    expect(new Set(offsets).size).toBeGreaterThan(10);
  });

  it('refuses what CreateSchedule refuses: an unknown target, or a target input over 256 KB', () => {
    const timers = new LocalTimers(1, runner, { delivery: new Delivery(), retryPauses: [] });
    const at = inAnHour(Date.now());
    expect(() => timers.schedule({ name: 'x', target: 'nowhere', at, payload: {} })).toThrow(ScheduleInvalid);
    expect(() =>
      timers.schedule({ name: 'y', target: 'segment-enrollment', at, payload: { big: 'x'.repeat(256 * 1024) } }),
    ).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    expect(timers.list()).toEqual([]);
  });

  it('delivers a firing twice in the test mode, as Scheduler may, with the same firing identity', async () => {
    started.length = 0;
    const timers = new LocalTimers(1, runner, { delivery: atLeastOnce(1, 5), retryPauses: [] });
    const at = new Date().toISOString();
    timers.schedule({ name: 'now', target: 'campaign-step', at, payload: { n: 1 } });
    await timers.settled();
    expect(started).toEqual([
      { n: 1, firing: { name: 'now', at } },
      { n: 1, firing: { name: 'now', at } },
    ]);
    expect(timers.list()).toMatchObject([{ name: 'now', status: 'fired', deliveries: 2, direct: true }]);
  });
});

describe('a Standard execution keeps its name, as Step Functions does', () => {
  const segmentEnrollment: Workflow = {
    name: 'segment-enrollment',
    type: 'STANDARD',
    tasks: {},
    definition: { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 1, End: true } } },
  };

  it('answers the same execution for the same name and input while it runs, then ExecutionAlreadyExists', async () => {
    const stepFunctions = new LocalStepFunctions([segmentEnrollment], 10, { delivery: new Delivery() });
    const first = stepFunctions.start('segment-enrollment', { page: 1 }, { name: 'seg-now' });
    expect(stepFunctions.start('segment-enrollment', { page: 1 }, { name: 'seg-now' }).executionArn).toBe(
      first.executionArn,
    );
    expect(() => stepFunctions.start('segment-enrollment', { page: 2 }, { name: 'seg-now' })).toThrow(
      expect.objectContaining({ name: 'ExecutionAlreadyExists' }),
    );
    await stepFunctions.whenDone(first.executionArn);
    expect(() => stepFunctions.start('segment-enrollment', { page: 1 }, { name: 'seg-now' })).toThrow(
      expect.objectContaining({ name: 'ExecutionAlreadyExists' }),
    );
    // Unnamed starts (as EventBridge and Scheduler targets make them) are always new executions.
    const unnamed = [stepFunctions.start('segment-enrollment', {}), stepFunctions.start('segment-enrollment', {})];
    expect(new Set(unnamed.map((execution) => execution.executionArn)).size).toBe(2);
  });

  it('a timer due now starts its Standard workflow named after it, and refuses that name again once it ran', async () => {
    const stepFunctions = new LocalStepFunctions([segmentEnrollment], 10, { delivery: new Delivery() });
    const timers = new LocalTimers(10, stepFunctions, { delivery: new Delivery(), retryPauses: [] });
    const due = { name: 'seg-due', target: 'segment-enrollment', at: new Date().toISOString(), payload: { n: 1 } };
    const timer = timers.schedule(due);
    expect(timer).toMatchObject({ direct: true, status: 'fired' });
    await stepFunctions.whenDone(String(timer.result));
    expect(() => timers.schedule(due)).toThrow(expect.objectContaining({ name: 'ExecutionAlreadyExists' }));
    expect(stepFunctions.list().filter((execution) => execution.workflow === 'segment-enrollment')).toHaveLength(1);
    timers.stop();
  });
});
