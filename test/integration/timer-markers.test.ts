import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TableRef } from '#shared/db/document-client.ts';
import { TimerMarkerRepository, timerMarkerRetentionSeconds } from '#shared/scheduling/timer-marker.repository.ts';
import { oncePerFiring } from '#functions/timers/fired-once.ts';
import { eventBridgeTimerScheduler, timerScheduler, timerTargetEnv } from '#functions/timers/timer-scheduler.ts';
import { Delivery } from '../../local/delivery.ts';
import { startHttpServer } from '../../local/http-server.ts';
import { localEndpoints } from '../../local/local-endpoints.ts';
import { LocalStepFunctions } from '../../local/step-functions.ts';
import { LocalTimers } from '../../local/timers.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef & { endpoint: string };
let markers: TimerMarkerRepository;
let firingNumber = 0;
const aFiring = () => ({ name: `cs-${++firingNumber}`, at: '2026-03-02T09:00:00.000Z' });
const now = new Date('2026-03-02T09:00:30.000Z');

beforeAll(async () => {
  table = await createTestTable();
  markers = new TimerMarkerRepository(table);
  // What the task handlers find in Lambda: the table, and the app secrets the campaign step reads.
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    RELAY_APP_SECRETS: JSON.stringify({ masterKey: 'm'.repeat(43), webhookSources: {} }),
  });
});

describe('a timer fired twice does its work once (marker with a TTL)', () => {
  it('lets the first delivery do the work and hands a second delivery, from another invocation, the duplicate', async () => {
    const firing = aFiring();
    let work = 0;
    const deliver = (owner: string) =>
      oncePerFiring(
        firing,
        owner,
        async () => ++work,
        () => 'duplicate' as const,
        markers,
        () => now,
      );
    expect(await Promise.all([deliver('request-1'), deliver('request-2')])).toEqual(
      expect.arrayContaining([1, 'duplicate']),
    );
    expect(await deliver('request-3')).toBe('duplicate');
    expect(work).toBe(1);
  });

  it('lets a retry of the same invocation (or the same execution’s next step) through', async () => {
    const firing = aFiring();
    let work = 0;
    const deliver = () =>
      oncePerFiring(
        firing,
        'execution-1',
        async () => ++work,
        () => 0,
        markers,
        () => now,
      );
    expect([await deliver(), await deliver()]).toEqual([1, 2]);
  });

  it('gives the claim back when the work fails, so the next delivery does it', async () => {
    const firing = aFiring();
    await expect(
      oncePerFiring(
        firing,
        'request-1',
        async () => Promise.reject(new Error('SES throttled')),
        () => 0,
        markers,
      ),
    ).rejects.toThrow('SES throttled');
    expect(
      await oncePerFiring(
        firing,
        'request-2',
        async () => 'done',
        () => 'duplicate',
        markers,
      ),
    ).toBe('done');
  });

  it('does the work of a reused name at another time, and forgets a firing once its marker expired', async () => {
    const firing = aFiring();
    await oncePerFiring(
      firing,
      'a',
      async () => 'done',
      () => 'duplicate',
      markers,
      () => now,
    );
    const later = { ...firing, at: '2026-03-09T09:00:00.000Z' };
    expect(
      await oncePerFiring(
        later,
        'b',
        async () => 'done',
        () => 'duplicate',
        markers,
        () => now,
      ),
    ).toBe('done');
    const afterTtl = new Date(now.getTime() + (timerMarkerRetentionSeconds + 1) * 1000);
    expect(
      await oncePerFiring(
        firing,
        'c',
        async () => 'done',
        () => 'duplicate',
        markers,
        () => afterTtl,
      ),
    ).toBe('done');
  });
});

describe('the direct Express start path, delivered twice, starts the work once', () => {
  const scheduler = mockClient(SchedulerClient);
  const sfn = mockClient(SFNClient);
  beforeEach(() => {
    scheduler.reset();
    sfn.reset();
    process.env[timerTargetEnv('campaign-step')] = 'arn:aws:states:us-east-1:1:stateMachine:campaign-step';
    process.env[timerTargetEnv('segment-enrollment')] = 'arn:aws:states:us-east-1:1:stateMachine:segment-enrollment';
    process.env.TIMER_ROLE_ARN = 'arn:aws:iam::1:role/timers';
  });
  afterAll(() => {
    scheduler.restore();
    sfn.restore();
  });

  it('starts two Express executions (no deduplication by name), and only the first runs the step', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });
    const timers = eventBridgeTimerScheduler(new SchedulerClient({}), new SFNClient({}), () => now.getTime());
    const timer = {
      name: 'cs-direct',
      target: 'campaign-step' as const,
      at: now.toISOString(),
      payload: { campaignId: 'CMP-none', contactId: 'C-none', run: 1, dueAt: now.toISOString() },
    };
    await timers.scheduleOnce(timer); // the step that set it…
    await timers.scheduleOnce(timer); // …retried, or its event delivered twice
    const starts = sfn.commandCalls(StartExecutionCommand).map((call) => JSON.parse(call.args[0].input.input ?? ''));
    expect(starts).toHaveLength(2);
    expect(starts[0]).toEqual({ ...timer.payload, firing: { name: 'cs-direct', at: timer.at } });
    const { handler } = await import('#functions/tasks/run-campaign-step.ts');
    const runStep = (executionId: string, input: Record<string, unknown>) =>
      handler({ ...timer.payload, execution: { Id: executionId, Input: input } }, {
        awsRequestId: executionId,
        functionName: 'run-campaign-step',
      } as Context);
    const outcomes = [await runStep('arn:execution:1', starts[0]), await runStep('arn:execution:2', starts[1])];
    expect(outcomes).toEqual([
      { continue: false, action: 'stale' }, // did the step (this enrollment is gone)
      { continue: false, action: 'duplicate' }, // did nothing
    ]);
    // The same execution looping to its next step is not a duplicate.
    expect(await runStep('arn:execution:1', starts[0])).toEqual({ continue: false, action: 'stale' });
  });

  it('takes ExecutionAlreadyExists for a Standard workflow due now as done: an earlier try started it', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejectsOnce(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const timers = eventBridgeTimerScheduler(new SchedulerClient({}), new SFNClient({}), () => now.getTime());
    const timer = { name: 'seg-now', target: 'segment-enrollment' as const, at: now.toISOString(), payload: { n: 1 } };
    await expect(timers.scheduleOnce(timer)).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toMatchObject({ name: 'seg-now' });
    // Any other refusal still fails the step that set the timer.
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDenied'));
    await expect(timers.scheduleOnce(timer)).rejects.toThrow('AccessDenied');
  });

  it('schedules a later timer with ActionAfterCompletion DELETE, and takes ConflictException for a pending name as done', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    const timers = eventBridgeTimerScheduler(new SchedulerClient({}), new SFNClient({}), () => now.getTime());
    const at = new Date(now.getTime() + 3600_000).toISOString();
    await expect(
      timers.scheduleOnce({ name: 'cs-later', target: 'campaign-step', at, payload: { n: 1 } }),
    ).resolves.toBeUndefined();
    const [call] = scheduler.commandCalls(CreateScheduleCommand);
    expect(call?.args[0].input).toMatchObject({
      Name: 'cs-later',
      ActionAfterCompletion: 'DELETE',
      Target: { Input: JSON.stringify({ n: 1, firing: { name: 'cs-later', at } }) },
    });
  });
});

describe('the local scheduler conflicts on a pending name as CreateSchedule does', () => {
  it('answers 409 ConflictException for a pending name, which the handlers’ scheduler takes as done', async () => {
    const stepFunctions = new LocalStepFunctions([], 1, { delivery: new Delivery() });
    const timers = new LocalTimers(1, stepFunctions, { delivery: new Delivery() });
    const server = await startHttpServer({
      routes: [],
      port: 0,
      authorizer: { verify: async () => undefined, issue: async () => '' },
      localEndpoints: localEndpoints({ timers, stepFunctions } as Parameters<typeof localEndpoints>[0]),
    });
    const previous = process.env.RELAY_LOCAL_SCHEDULER_URL;
    process.env.RELAY_LOCAL_SCHEDULER_URL = `${server.url}/_local/timers`;
    try {
      const timer = {
        name: 'lead-sla-x',
        target: 'lead-sla-check' as const,
        at: new Date(Date.now() + 3600_000).toISOString(),
        payload: { contactId: 'C-1' },
      };
      const direct = await fetch(`${server.url}/_local/timers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(timer),
      });
      expect(direct.status).toBe(201);
      const again = await fetch(`${server.url}/_local/timers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(timer),
      });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ name: 'ConflictException' });
      await expect(timerScheduler().scheduleOnce(timer)).resolves.toBeUndefined();
      expect(timers.list()).toHaveLength(1);
    } finally {
      timers.stop();
      await server.close();
      if (previous === undefined) delete process.env.RELAY_LOCAL_SCHEDULER_URL;
      else process.env.RELAY_LOCAL_SCHEDULER_URL = previous;
    }
  });
});
