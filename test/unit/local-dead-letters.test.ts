import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import { LocalEventBus } from '../../local/event-bus.ts';
import { localEndpoints } from '../../local/local-endpoints.ts';
import { LocalStepFunctions, type LocalExecution } from '../../local/step-functions.ts';
import { LocalTimers } from '../../local/timers.ts';
import { Delivery } from '../../local/delivery.ts';

// Exactly once, so the counts below are exact (the at-least-once mode has its own tests).
const once = () => ({ delivery: new Delivery() });

const contactDeleted = (id: string) =>
  domainEvent('Contact Deleted', { contactId: `C-${id}` }, { id, occurredAt: '2026-01-01T00:00:00.000Z' });
const anyContactDeleted = { 'detail-type': ['Contact Deleted'] };

/** Reads what a local endpoint answers, as the HTTP server would send it. */
async function answerOf(
  endpoint: ReturnType<typeof localEndpoints>[string],
): Promise<{ status: number; body: unknown }> {
  let status = 0;
  let body = '';
  const response = {
    writeHead: (code: number) => (status = code),
    end: (text: string) => (body = text),
  } as unknown as ServerResponse;
  await endpoint({} as IncomingMessage, response, new URL('http://local/_local/dead-letters'));
  return { status, body: JSON.parse(body) };
}

describe('local event bus: failing rule targets', () => {
  it('retries a target that fails, as Lambda retries an asynchronous invocation, and parks nothing when a retry succeeds', async () => {
    const bus = new LocalEventBus(undefined, { retryPauses: [0, 0], ...once() });
    const calls: string[] = [];
    let failures = 2;
    bus.addRule({
      name: 'flaky',
      pattern: anyContactDeleted,
      target: (event) => {
        calls.push(event.detail.id as string);
        if (failures-- > 0) throw new Error('throttled');
      },
    });
    await bus.publish([contactDeleted('E1')]);
    await bus.settled();
    expect(calls).toEqual(['E1', 'E1', 'E1']);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('parks the event after the last retry, with the rule, the attempts and the error, and keeps delivering to other rules', async () => {
    const bus = new LocalEventBus(undefined, { retryPauses: [0, 0], ...once() });
    const healthy: string[] = [];
    bus.addRule({
      name: 'broken',
      pattern: anyContactDeleted,
      target: async () => Promise.reject(new Error('table missing')),
    });
    bus.addRule({
      name: 'healthy',
      pattern: anyContactDeleted,
      target: (event) => healthy.push(event.detail.id as string),
    });
    await bus.publish([contactDeleted('E1'), contactDeleted('E2')]);
    await bus.settled();
    expect(healthy).toEqual(['E1', 'E2']);
    expect(
      bus.deadLetters().map(({ rule, attempts, error, event }) => ({ rule, attempts, error, id: event.detail.id })),
    ).toEqual([
      { rule: 'broken', attempts: 3, error: 'Error: table missing', id: 'E1' },
      { rule: 'broken', attempts: 3, error: 'Error: table missing', id: 'E2' },
    ]);
  });

  it('GET /_local/dead-letters counts parked events and failed timers and executions', async () => {
    const bus = new LocalEventBus(undefined, { retryPauses: [], ...once() });
    bus.addRule({
      name: 'broken',
      pattern: anyContactDeleted,
      target: () => {
        throw new Error('down');
      },
    });
    await bus.publish([contactDeleted('E9')]);
    await bus.settled();
    const stepFunctions = new LocalStepFunctions([], 1, once());
    // Only the bus, the timers and the executions are read by this endpoint.
    const endpoints = localEndpoints({
      bus,
      stepFunctions,
      timers: new LocalTimers(1, stepFunctions, once()),
      devTokens: {},
      sesUrl: '',
      dynamoDbEndpoint: '',
    } as Parameters<typeof localEndpoints>[0]);
    const endpoint = endpoints['GET /_local/dead-letters'];
    if (!endpoint) throw new Error('GET /_local/dead-letters is not served');
    const { status, body } = await answerOf(endpoint);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      count: 1,
      events: [{ rule: 'broken', attempts: 1, event: { detail: { id: 'E9' } } }],
      timers: [],
      executions: [],
    });
  });

  it('retries a timer whose target fails, as Lambda retries an asynchronous invocation, then leaves it failed and counted', async () => {
    let failures = 2;
    const starts: unknown[] = [];
    const flakyRunner = {
      start: (workflow: string, input: unknown): LocalExecution => {
        if (failures-- > 0) throw new Error('Rate exceeded');
        starts.push(input);
        return {
          executionArn: `arn:local:${workflow}`,
          workflow,
          status: 'RUNNING',
          startedAt: new Date().toISOString(),
          input,
          history: [],
        };
      },
    };
    const timers = new LocalTimers(1, flakyRunner, { retryPauses: [0, 0], ...once() });
    const due = new Date().toISOString();
    timers.schedule({ name: 'flaky', target: 'campaign-step', at: due, payload: { n: 1 } });
    const [fired] = await eventually(
      async () => timers.list(),
      (list) => list[0]?.status !== 'scheduled',
    );
    expect(fired).toMatchObject({ status: 'fired', attempts: 3 });
    expect(starts).toEqual([{ n: 1, firing: { name: 'flaky', at: due } }]);

    const stepFunctions = new LocalStepFunctions([], 1, once()); // knows no workflow: every start fails
    const failing = new LocalTimers(1, stepFunctions, { retryPauses: [0, 0], ...once() });
    failing.schedule({ name: 'doomed', target: 'campaign-step', at: due, payload: {} });
    const [failed] = await eventually(
      async () => failing.list(),
      (list) => list[0]?.status !== 'scheduled',
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: 'Error: No workflow named campaign-step' });
    const endpoints = localEndpoints({
      bus: new LocalEventBus(undefined, { retryPauses: [], ...once() }),
      stepFunctions,
      timers: failing,
      devTokens: {},
      sesUrl: '',
      dynamoDbEndpoint: '',
    } as Parameters<typeof localEndpoints>[0]);
    const endpoint = endpoints['GET /_local/dead-letters'];
    if (!endpoint) throw new Error('GET /_local/dead-letters is not served');
    expect((await answerOf(endpoint)).body).toMatchObject({
      count: 1,
      events: [],
      timers: [{ name: 'doomed', attempts: 3 }],
    });
  });
});
