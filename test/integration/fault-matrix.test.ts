import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as submitFormHandler } from '#functions/http/forms/submit-form.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { createCampaign, publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { requestNurtureEnrollment } from '#shared/leads/lead-lifecycle.service.ts';
import { expireSurvey } from '#shared/surveys/survey-send.service.ts';
import { createSurvey, updateSurvey } from '#shared/surveys/survey.service.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { campaignStepWorkflow } from '#workflows/campaign-step.ts';
import { postSaleSurveyWorkflow } from '#workflows/post-sale-survey.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { normaliseEmail } from '#shared/contacts/email.ts';
import { systemContext } from '#shared/context.ts';
import { enrollmentKeys, leadFailureKeys } from '#shared/db/keys.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { EventBridgePublisher } from '#shared/events/eventbridge-publisher.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { relayPendingEvents, type EventPublisher } from '#shared/events/relay.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { countEvent } from '#shared/reports/kpi-events.service.ts';
import { saveRoutingPolicy } from '#shared/routing/routing-policy.service.ts';
import { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { replaceSettings } from '#shared/settings/settings.service.ts';
import { deliverEvent, type WebhookDeliveryDeps } from '#shared/webhooks/webhook-delivery.service.ts';
import { createWebhookSubscription } from '#shared/webhooks/webhook-subscription.service.ts';
import { leadLifecycleWorkflow } from '#workflows/lead-lifecycle.ts';
import { localAppSecrets } from '../../local/app-secrets.ts';
import { Delivery } from '../../local/delivery.ts';
import { LocalEventBus, type BusEvent } from '../../local/event-bus.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { LocalStepFunctions, type LocalExecution } from '../../local/step-functions.ts';
import { aContactRequest, aMarketer, anAdmin, anOwnerRequest } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { eventWritten, injectDynamoDbFaults, lambdaCrash, throttled, writesEvent } from '../support/fault-injection.ts';
import { anHttpEvent } from '../support/http-events.ts';
import { aScoringModel } from '../support/lead-lifecycle-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

/**
 * The fault matrix of issue 10: each fault is injected into real components (DynamoDB Local, the local
 * bus and Step Functions runner) through aws-sdk-client-mock, and each scenario counts, for what it
 * should deliver, how much was lost, doubled, or parked where it is counted. The tally is printed.
 */
interface TallyRow {
  fault: string;
  injected: number;
  expected: number;
  delivered: number;
  lost: number;
  doubled: number;
  parked: number;
}
const tally: TallyRow[] = [];

/** Counts `applied` (one entry per side effect, keyed by what must be unique) against the keys `expected`. */
function account(
  fault: string,
  injected: number,
  expected: string[],
  applied: string[],
  parked: string[] = [],
): TallyRow {
  const distinct = new Set(applied);
  const row = {
    fault,
    injected,
    expected: expected.length,
    delivered: distinct.size,
    lost: expected.filter((key) => !distinct.has(key) && !parked.includes(key)).length,
    doubled: applied.length - distinct.size,
    parked: parked.length,
  };
  tally.push(row);
  return row;
}

/** The contact an event is about, for the events that have one. */
const contactOf = (event: DomainEvent) => (event.detail as { contactId?: string }).contactId;

/** One line per consumer; a fault observed by several consumers ("<fault> → <consumer>") counts once in the totals. */
afterAll(() => {
  const faults = new Map(tally.map((row) => [row.fault.split(' → ')[0], row.injected]));
  const sum = (field: 'lost' | 'doubled' | 'parked') => tally.reduce((total, row) => total + row[field], 0);
  const totals = {
    faultsInjected: [...faults.values()].reduce((total, injected) => total + injected, 0),
    scenarios: faults.size,
    checks: tally.length,
    lost: sum('lost'),
    doubled: sum('doubled'),
    parked: sum('parked'),
  };
  console.info(`[fault-matrix] ${JSON.stringify({ rows: tally, totals }, null, 2)}`);
});

const webhookSigningKey = 'fault-matrix-signing-key-0123456789';

/** The side-effecting consumers of Contact Created, as the bus's rules call them: KPI counting and webhook delivery. */
async function consumers(deps: Dependencies) {
  const posts: string[] = [];
  const webhooks: WebhookDeliveryDeps = {
    ...deps,
    webhookSigningKey,
    transport: { post: async (_url, headers) => (posts.push(headers['webhook-id'] ?? ''), { statusCode: 204 }) },
    timers: { scheduleOnce: async () => undefined },
  };
  await createWebhookSubscription(
    { ...deps, webhookSigningKey, allowPrivateTargets: false },
    { url: 'https://hooks.customer.example/relay', eventTypes: ['Contact Created'] },
  );
  const bus = new LocalEventBus(undefined, [0, 0]);
  const asDomainEvent = (event: BusEvent) =>
    ({ source: event.source, detailType: event['detail-type'], detail: event.detail }) as DomainEvent;
  bus.addRule({
    name: 'count-kpis',
    pattern: { 'detail-type': ['Contact Created'] },
    target: (event) => countEvent(deps, { detailType: event['detail-type'], detail: event.detail as never }),
  });
  bus.addRule({
    name: 'deliver-webhooks',
    pattern: { 'detail-type': ['Contact Created'] },
    target: (event) => deliverEvent(webhooks, asDomainEvent(event)),
  });
  const counted = async (ids: string[]) =>
    (await Promise.all(ids.map(async (id) => ((await deps.kpis.isMarked('event', id)) ? [id] : [])))).flat();
  const contactsCreatedToday = async () =>
    (await deps.kpis.daysUpTo(new Date().toISOString())).reduce(
      (sum, day) => sum + (day.counts['contacts#created'] ?? 0),
      0,
    );
  return { bus, posts, counted, contactsCreatedToday };
}

/**
 * Drains the outbox until nothing is pending, retrying rounds that fail (as the poller and Lambda do),
 * with `between` awaited after each round; returns how many rounds failed.
 */
async function drain(
  deps: { outbox: OutboxRepository; publisher: EventPublisher },
  between: () => Promise<void> = async () => undefined,
) {
  let failedRounds = 0;
  for (let round = 0; round < 20; round++) {
    try {
      if ((await relayPendingEvents({ ...deps, context: systemContext })) === 0) return failedRounds;
    } catch {
      failedRounds++;
    } finally {
      await between();
    }
  }
  throw new Error('The outbox did not drain in 20 rounds');
}

describe('fault matrix: the outbox relay and its consumers', () => {
  it('relay crashes after publishing, before marking: every event is republished, each consumer applies it once', async () => {
    const table = await createTestTable();
    const deps = buildDependencies(table, systemContext);
    const { bus, posts, counted, contactsCreatedToday } = await consumers(deps);
    const created = await Promise.all([1, 2, 3].map(() => createContact(deps, aContactRequest(), anAdmin())));
    let crashes = 0;
    const crashingOnce = new (class extends OutboxRepository {
      override async markRelayed(eventId: string, relayedAt: string) {
        if (!this.crashed.has(eventId)) {
          this.crashed.add(eventId);
          crashes++;
          throw new Error('relay crashed before marking (injected)');
        }
        return super.markRelayed(eventId, relayedAt);
      }
      private readonly crashed = new Set<string>();
    })(table);
    // The republished event reaches consumers after its first delivery ended, as a retried stream batch
    // does in AWS. (Two deliveries at the same instant could both POST a webhook, with one webhook-id.)
    expect(await drain({ outbox: crashingOnce, publisher: bus }, () => bus.settled())).toBeGreaterThan(0);
    await bus.settled();
    const eventIds = bus.events({ detailType: 'Contact Created' }).map((event) => event.detail.id as string);
    expect(eventIds).toHaveLength(6); // each of the three published twice
    const expected = [...new Set(eventIds)];
    expect(expected).toHaveLength(created.length);
    const kpis = account(
      'relay crash after publish (Contact Created ×3) → KPI counting',
      crashes,
      expected,
      await counted(expected),
    );
    const hooks = account(
      'relay crash after publish (Contact Created ×3) → webhook delivery',
      crashes,
      expected,
      posts,
    );
    for (const row of [kpis, hooks]) expect(row).toMatchObject({ lost: 0, doubled: 0 });
    expect(await contactsCreatedToday()).toBe(created.length);
    expect(bus.deadLetters()).toEqual([]);
  });

  it('EventBridge rejects some entries of PutEvents until the relay gives up: they stay pending, go out next round, none lost or doubled downstream', async () => {
    const deps = buildDependencies(await createTestTable(), systemContext);
    const { bus, posts, counted, contactsCreatedToday } = await consumers(deps);
    await Promise.all([1, 2, 3, 4].map(() => createContact(deps, aContactRequest(), anAdmin())));
    const eventBridge = mockClient(EventBridgeClient);
    let rejected = 0;
    // One event is rejected on its first four sends: every try of one relay round, so the round fails.
    const sends = new Map<string, number>();
    let unlucky: string | undefined;
    let calls = 0;
    eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries: PutEventsRequestEntry[] }) => {
      calls++;
      const answers = [];
      for (const entry of input.Entries) {
        const detail = JSON.parse(entry.Detail ?? '{}') as { id: string };
        unlucky ??= input.Entries[1] ? (JSON.parse(input.Entries[1].Detail ?? '{}') as { id: string }).id : undefined;
        const sent = (sends.get(detail.id) ?? 0) + 1;
        sends.set(detail.id, sent);
        if (detail.id === unlucky && sent <= 4) {
          rejected++;
          answers.push({ ErrorCode: 'InternalFailure', ErrorMessage: 'injected' });
          continue;
        }
        await bus.publish([{ source: entry.Source, detailType: entry.DetailType, detail } as DomainEvent]);
        answers.push({ EventId: `eb-${calls}-${detail.id}` });
      }
      return { FailedEntryCount: answers.filter((answer) => 'ErrorCode' in answer).length, Entries: answers };
    });
    try {
      const failedRounds = await drain(
        { outbox: deps.outbox, publisher: new EventBridgePublisher('relay-bus', new EventBridgeClient({})) },
        () => bus.settled(),
      );
      expect(failedRounds).toBe(1);
    } finally {
      eventBridge.restore();
    }
    await bus.settled();
    const published = bus.events({ detailType: 'Contact Created' }).map((event) => event.detail.id as string);
    const expected = [...new Set(published)];
    expect(expected).toHaveLength(4);
    expect(published.length).toBeGreaterThan(4); // the accepted entries of the failed round went out again
    expect(await deps.outbox.listPending(10)).toEqual([]);
    for (const row of [
      account('EventBridge partial PutEvents failure → KPI counting', rejected, expected, await counted(expected)),
      account('EventBridge partial PutEvents failure → webhook delivery', rejected, expected, posts),
    ])
      expect(row).toMatchObject({ lost: 0, doubled: 0 });
    expect(await contactsCreatedToday()).toBe(4);
  });

  it('a consumer whose writes stay throttled is retried, then parked in the counted dead letters; redriving it applies it once', async () => {
    const deps = buildDependencies(await createTestTable(), systemContext);
    const { bus, counted, contactsCreatedToday } = await consumers(deps);
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && JSON.stringify(input).includes('KPI') ? { before: throttled() } : undefined,
    );
    try {
      await drain({ outbox: deps.outbox, publisher: bus });
      await bus.settled();
    } finally {
      faults.restore();
    }
    const parked = bus.deadLetters();
    expect(parked.map(({ rule, attempts, event }) => ({ rule, attempts, contactId: event.detail.contactId }))).toEqual([
      { rule: 'count-kpis', attempts: 3, contactId: contact.id },
    ]);
    const eventId = parked[0]?.event.detail.id as string;
    expect(await counted([eventId])).toEqual([]);
    const row = account(
      'DynamoDB throttling outlasting a consumer’s retries → dead letter',
      faults.faults.injected,
      [eventId],
      [],
      [eventId],
    );
    expect(row).toMatchObject({ lost: 0, doubled: 0, parked: 1 });
    // Redrive, as one would from the AsyncFailures queue: counted once, and a second redrive changes nothing.
    for (const letter of [...parked, ...parked])
      await countEvent(deps, { detailType: letter.event['detail-type'], detail: letter.event.detail as never });
    expect(await counted([eventId])).toEqual([eventId]);
    expect(await contactsCreatedToday()).toBe(1);
  });
  it('relay crashes after publishing Campaign Enrollment Requested, and both deliveries race: one enrollment, one first-step timer', async () => {
    const table = await createTestTable();
    const deps = buildDependencies(table, systemContext);
    const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney()));
    await publishCampaign(deps, campaign.id, aMarketer());
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await requestNurtureEnrollment(deps, {
      contactId: contact.id,
      campaignId: campaign.id,
      causationId: `lead-${contact.id}`,
    });
    const timers: string[] = [];
    const enrolling = {
      ...deps,
      timers: { scheduleOnce: async (timer: { name: string }) => void timers.push(timer.name) },
    };
    const bus = new LocalEventBus(undefined, [0, 0]);
    bus.addRule({
      name: 'enroll-on-request',
      pattern: { 'detail-type': ['Campaign Enrollment Requested'] },
      target: (event) => enrollContact(enrolling, String(event.detail.campaignId), String(event.detail.contactId)),
    });
    // The crash hits the enrollment request itself, whatever order the round marks its events in.
    const requestId = (await deps.outbox.listPending(100)).find(
      (event) => event.detailType === 'Campaign Enrollment Requested',
    )?.detail.id;
    let crashes = 0;
    const crashingOnce = new (class extends OutboxRepository {
      override async markRelayed(eventId: string, relayedAt: string) {
        if (eventId === requestId && crashes++ === 0) throw new Error('relay crashed before marking (injected)');
        return super.markRelayed(eventId, relayedAt);
      }
    })(table);
    // No settling between rounds: the redelivery runs while the first delivery is still enrolling.
    expect(await drain({ outbox: crashingOnce, publisher: bus })).toBe(1);
    await bus.settled();
    expect(bus.events({ detailType: 'Campaign Enrollment Requested' })).toHaveLength(2);
    const enrollment = await deps.enrollments.get(enrollmentId(campaign.id, contact.id));
    expect(enrollment).toMatchObject({ status: 'active', run: 1 });
    const row = account(
      'relay crash after publish (Campaign Enrollment Requested), racing redelivery → enrollment and first-step timer',
      1,
      [contact.id],
      [...new Set(timers)].map(() => contact.id),
    );
    expect(row).toMatchObject({ lost: 0, doubled: 0 });
    expect(bus.deadLetters()).toEqual([]);
  });
});

describe('fault matrix: handlers and workflow tasks (the same modules Lambda runs)', () => {
  let deps: Dependencies;
  let table: Awaited<ReturnType<typeof createTestTable>>;
  let runner: LocalStepFunctions;
  const ses = mockClient(SESv2Client);
  const scheduler = mockClient(SchedulerClient);
  const workflow = leadLifecycleWorkflow();
  let faults: ReturnType<typeof injectDynamoDbFaults> | undefined;
  const formOrigin = 'https://www.customer.example';
  let formId: string;

  beforeAll(async () => {
    table = await createTestTable();
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
      RELAY_APP_SECRETS: JSON.stringify(localAppSecrets()),
      LEAD_SLA_SECONDS: '3600',
      TIMER_TARGET_LEAD_SLA_CHECK_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:lead-sla-check',
      TIMER_ROLE_ARN: 'arn:aws:iam::000000000000:role/timers',
      TIMER_GROUP_NAME: 'relay-test',
    });
    deps = buildDependencies(table, systemContext);
    runner = new LocalStepFunctions([workflow], 1000);
    await replaceSettings(deps.scoringModel, aScoringModel(), systemContext);
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Faults' }));
    await createOwner(deps, anOwnerRequest({ name: 'Rep One', teamId: team.id }));
    await saveRoutingPolicy(
      deps,
      RoutingPolicyInput.parse({ territoryRules: [{ territories: ['DE'], teamId: team.id }] }),
    );
    const form = await createForm(
      deps,
      CreateFormRequest.parse({
        name: 'Faults',
        fieldMapping: { email: 'email' },
        allowedOrigins: [formOrigin],
        minFillSeconds: 0,
      }),
    );
    formId = form.id;
  });
  afterEach(() => {
    faults?.restore();
    faults = undefined;
    ses.reset();
    scheduler.reset();
  });

  const submit = async (email: string, idempotencyKey: string) =>
    (await submitFormHandler(
      anHttpEvent({
        method: 'POST',
        path: `/forms/${formId}/submissions`,
        pathParameters: { formId },
        body: { email },
        headers: { origin: formOrigin, 'idempotency-key': idempotencyKey },
      }),
      lambdaContext('submit-form'),
    )) as APIGatewayProxyStructuredResultV2;

  /** The Lead Received events in the outbox for `contactId` (pending and relayed alike are unrelayed here). */
  const leadsReceived = async (contactId: string) =>
    (await deps.outbox.listPending(1000)).filter(
      (event) => event.detailType === 'Lead Received' && contactOf(event) === contactId,
    );

  it('DynamoDB throttles the lead’s transaction: 503 problem+json with Retry-After and nothing written, and the client’s retry with the same key gives one lead', async () => {
    const email = `throttled-${Date.now()}@customer.example`;
    faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && writesEvent(input, 'Lead Received') && faults?.faults.injected === 0
        ? { before: throttled() }
        : undefined,
    );
    const failed = await submit(email, 'key-throttled');
    expect(failed.statusCode).toBe(503);
    expect(failed.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
    expect(await deps.contacts.findIdByEmail(normaliseEmail(email))).toBeUndefined();
    const retried = await submit(email, 'key-throttled');
    expect(retried.statusCode, String(retried.body)).toBe(202);
    const again = await submit(email, 'key-throttled');
    expect(again.body).toBe(retried.body);
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(email));
    expect(contactId).toBeDefined();
    const received = await leadsReceived(contactId ?? '');
    const row = account(
      'DynamoDB throttling on form intake (client retries, same Idempotency-Key)',
      faults.faults.injected,
      [email],
      received.map(() => email),
    );
    expect(row).toMatchObject({ injected: 1, lost: 0, doubled: 0 });
  });

  /** A qualified lead in the team's territory, and the Lead Received that starts its lifecycle. */
  async function aQualifiedLead() {
    const contact = await createContact(
      deps,
      aContactRequest({
        email: `vp-${Math.random().toString(36).slice(2)}@acme-faults.example`,
        jobTitle: 'VP Sales',
        country: 'DE',
      }),
      anAdmin(),
    );
    const leadReceived = {
      version: '0',
      id: `eb-${contact.id}`,
      'detail-type': 'Lead Received',
      source: 'relay.leads',
      detail: {
        id: `01LEADRECEIVED${contact.id.slice(-12)}`,
        occurredAt: new Date().toISOString(),
        version: 1,
        submissionId: `sub-${contact.id}`,
        contactId: contact.id,
        sourceKind: 'form',
        sourceId: 'form-1',
        isNewContact: true,
        consentStatus: 'none',
        doubleOptInRequired: false,
      },
    };
    return { contact, leadReceived };
  }
  const run = async (input: unknown): Promise<LocalExecution> =>
    runner.whenDone(runner.start(workflow.name, input).executionArn);
  /** Each try of each task, in order: a task state entered, then once more per retry. */
  const tries = (execution: LocalExecution) =>
    execution.history
      .filter(
        (entry) =>
          (entry.type === 'StateEntered' || entry.type === 'StateRetried') &&
          entry.state &&
          workflow.definition.States[entry.state] &&
          (workflow.definition.States[entry.state] as { Type: string }).Type === 'Task',
      )
      .map((entry) => entry.state);
  const assignmentsOf = async (contactId: string) =>
    (await deps.outbox.listPending(1000)).filter(
      (event) => event.detailType === 'Lead Assigned' && contactOf(event) === contactId,
    );
  const emailsTo = () =>
    ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses?.join(',') ?? '');
  /** Distinct one-time schedules created (named, so a retried task creates the same one). */
  const slaTimers = () => new Set(scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input.Name));

  it('RouteLead crashes after its write, and the same Lead Received is delivered twice: one assignment, one email, one SLA timer', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    scheduler.on(CreateScheduleCommand).resolves({});
    const { contact, leadReceived } = await aQualifiedLead();
    faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && writesEvent(input, 'Lead Assigned') && faults?.faults.injected === 0
        ? { after: lambdaCrash() }
        : undefined,
    );
    const first = await run(leadReceived);
    expect(first.status, first.cause).toBe('SUCCEEDED');
    expect(tries(first)).toEqual(['ScoreLead', 'RouteLead', 'RouteLead', 'NotifyOwner']);
    const second = await run(leadReceived); // the relay republished it after a crash
    expect(second.status, second.cause).toBe('SUCCEEDED');
    const owner = (await deps.contacts.get(contact.id))?.ownerId;
    expect(owner).toBeDefined();
    const assignments = await assignmentsOf(contact.id);
    expect(assignments.every((event) => event.detail.id === assignments[0]?.detail.id)).toBe(true);
    const rows = [
      account(
        'task crash after write (RouteLead) + duplicate trigger → assignment',
        faults.faults.injected + 1,
        [contact.id],
        [...new Set(assignments.map((event) => event.detail.id))].map(() => contact.id),
      ),
      account(
        'task crash after write (RouteLead) + duplicate trigger → owner email',
        faults.faults.injected + 1,
        [contact.id],
        emailsTo().map(() => contact.id),
      ),
      account(
        'task crash after write (RouteLead) + duplicate trigger → SLA timer',
        faults.faults.injected + 1,
        [contact.id],
        [...slaTimers()].map(() => contact.id),
      ),
    ];
    for (const row of rows) expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('the same Lead Received runs twice at once (a racing redelivery): one assignment, one email, one SLA timer', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-5' });
    scheduler.on(CreateScheduleCommand).resolves({});
    const { contact, leadReceived } = await aQualifiedLead();
    const executions = await Promise.all([run(leadReceived), run(leadReceived)]);
    for (const execution of executions) expect(execution.status, execution.cause).toBe('SUCCEEDED');
    const assignments = new Set((await assignmentsOf(contact.id)).map((event) => event.detail.id));
    for (const row of [
      account(
        'duplicate Lead Received, concurrent executions → assignment',
        1,
        [contact.id],
        [...assignments].map(() => contact.id),
      ),
      account(
        'duplicate Lead Received, concurrent executions → owner email',
        1,
        [contact.id],
        emailsTo().map(() => contact.id),
      ),
      account(
        'duplicate Lead Received, concurrent executions → SLA timer',
        1,
        [contact.id],
        [...slaTimers()].map(() => contact.id),
      ),
    ])
      expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('SES throttles the owner email, then NotifyOwner crashes after sending (Scheduler throttled): retried to one email and one timer', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded (injected)', $metadata: {} }))
      .resolves({ MessageId: 'm-2' });
    scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded (injected)'), { name: 'ThrottlingException' }))
      .resolves({});
    const { contact, leadReceived } = await aQualifiedLead();
    const execution = await run(leadReceived);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(tries(execution)).toEqual(['ScoreLead', 'RouteLead', 'NotifyOwner', 'NotifyOwner', 'NotifyOwner']);
    const sent = emailsTo();
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2); // the throttled call, then the one that went out
    for (const row of [
      account(
        'SES throttling (owner notice)',
        1,
        [contact.id],
        sent.slice(1).map(() => contact.id),
      ),
      account(
        'task crash after sending (NotifyOwner, Scheduler throttled) → SLA timer',
        1,
        [contact.id],
        [...slaTimers()].map(() => contact.id),
      ),
    ])
      expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('a task that keeps failing exhausts its retries: the lead is parked as a LEAD_FAILURE item and a Lead Processing Failed event', async () => {
    const { contact, leadReceived } = await aQualifiedLead();
    // Scoring stays throttled; recording the failure then crashes once after its write, and is retried.
    let recordCrashes = 1;
    faults = injectDynamoDbFaults((command, input) => {
      if (command !== 'TransactWriteCommand') return undefined;
      if (writesEvent(input, 'Lead Scored')) return { before: throttled() };
      return writesEvent(input, 'Lead Processing Failed') && recordCrashes-- > 0 ? { after: lambdaCrash() } : undefined;
    });
    // One execution's retry sequence, so exactly once: a twin Express run (the test mode) would take the one
    // injected crash. Two executions failing at once park one failure (test/integration/at-least-once-delivery).
    const once = new LocalStepFunctions([workflow], 1000, { delivery: new Delivery() });
    const execution = await once.whenDone(once.start(workflow.name, leadReceived).executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('LeadLifecycleFailed');
    expect(tries(execution)).toEqual([
      ...Array.from({ length: 7 }, () => 'ScoreLead'),
      'RecordFailure',
      'RecordFailure',
    ]);
    const injected = faults.faults.injected;
    faults.restore();
    // LEAD_FAILURE items sit in the contact's partition, after its other items.
    const { pk, sk } = leadFailureKeys.item(contact.id, '', '');
    const { Items: parked = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :failure)',
        ExpressionAttributeValues: { ':pk': pk, ':failure': sk.split('#')[0] },
      }),
    );
    expect(parked.map((item) => item.step)).toEqual(['ScoreLead']);
    const failures = (await deps.outbox.listPending(1000)).filter(
      (event) => event.detailType === 'Lead Processing Failed' && contactOf(event) === contact.id,
    );
    expect(failures.map((event) => event.detail)).toEqual([
      expect.objectContaining({ step: 'ScoreLead', error: 'ProvisionedThroughputExceededException' }),
    ]);
    const row = account(
      'task keeps failing (DynamoDB throttled past 6 retries), RecordFailure crashing after its write → lead failure',
      injected,
      [contact.id],
      [],
      parked.map(() => contact.id),
    );
    expect(row).toMatchObject({ lost: 0, doubled: 0, parked: 1 });
  });

  it('campaign step in the local runner: SES throttles the email, then the step crashes after its write: one email, the journey moves on once', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded (injected)', $metadata: {} }))
      .resolves({ MessageId: 'm-6' });
    scheduler.on(CreateScheduleCommand).resolves({});
    process.env.TIMER_TARGET_CAMPAIGN_STEP_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:campaign-step';
    const alwaysOpen = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      startHour: 0,
      endHour: 24,
      timeZone: 'UTC',
    };
    const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen })));
    await publishCampaign(deps, campaign.id, aMarketer());
    const contact = await createContact(deps, aContactRequest({ firstName: 'Kim' }), anAdmin());
    await deps.contacts.update(
      contact,
      { ...contact, consent: { status: 'granted' }, version: contact.version + 1 },
      {
        source: 'relay.contacts',
        detailType: 'Contact Updated',
        detail: {
          id: `consent-${contact.id}`,
          occurredAt: new Date().toISOString(),
          version: 1,
          contactId: contact.id,
          contactVersion: 2,
          changedFields: ['consent'],
        },
      },
    );
    const firstStep: Record<string, unknown>[] = [];
    await enrollContact(
      { ...deps, timers: { scheduleOnce: async (timer) => void firstStep.push(timer.payload) } },
      campaign.id,
      contact.id,
    );
    faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && writesEvent(input, 'Email Sent') && faults?.faults.injected === 0
        ? { after: lambdaCrash() }
        : undefined,
    );
    const steps = new LocalStepFunctions([campaignStepWorkflow()], 1000);
    const execution = await steps.whenDone(steps.start('campaign-step', firstStep[0]).executionArn);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    expect(faults.faults.injected).toBe(1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2); // the throttled try, then the one email
    const welcomes = ses
      .commandCalls(SendEmailCommand)
      .slice(1)
      .filter((call) => call.args[0].input.Destination?.ToAddresses?.[0] === contact.email);
    const enrollment = await deps.enrollments.get(enrollmentId(campaign.id, contact.id));
    expect(enrollment?.sent.map((send) => send.stepId)).toEqual(['welcome']);
    expect(enrollment?.stepId).toBe('opened-welcome'); // asleep on the two-day wait
    for (const row of [
      account(
        'SES throttling (campaign email, in the runner)',
        1,
        [contact.id],
        welcomes.map(() => contact.id),
      ),
      account(
        'task crash after write (RunCampaignStep) → campaign email',
        faults.faults.injected,
        [contact.id],
        welcomes.map(() => contact.id),
      ),
      account(
        'task crash after write (RunCampaignStep) → next-step timer',
        faults.faults.injected,
        [contact.id],
        [...slaTimers()].map(() => contact.id),
      ),
    ])
      expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('a campaign step that keeps failing is parked as one Campaign Step Failed, even when recording it crashes after its write', async () => {
    const alwaysOpen = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      startHour: 0,
      endHour: 24,
      timeZone: 'UTC',
    };
    const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen })));
    await publishCampaign(deps, campaign.id, aMarketer());
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const firstStep: Record<string, unknown>[] = [];
    await enrollContact(
      { ...deps, timers: { scheduleOnce: async (timer) => void firstStep.push(timer.payload) } },
      campaign.id,
      contact.id,
    );
    let recordCrashes = 1;
    faults = injectDynamoDbFaults((command, input) => {
      // Every read of the enrollment is throttled, so the step never runs; RecordFailure crashes once after writing.
      if (command === 'GetCommand' && JSON.stringify(input).includes(enrollmentKeys.item(campaign.id, contact.id).pk))
        return { before: throttled() };
      return command === 'TransactWriteCommand' && writesEvent(input, 'Campaign Step Failed') && recordCrashes-- > 0
        ? { after: lambdaCrash() }
        : undefined;
    });
    const steps = new LocalStepFunctions([campaignStepWorkflow()], 1000);
    const execution = await steps.whenDone(steps.start('campaign-step', firstStep[0]).executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('CampaignStepFailed');
    const injected = faults.faults.injected;
    faults.restore();
    const failed = (await deps.outbox.listPending(1000)).filter(
      (event) => event.detailType === 'Campaign Step Failed' && contactOf(event) === contact.id,
    );
    expect(failed.map((event) => event.detail)).toEqual([
      expect.objectContaining({ campaignId: campaign.id, error: 'ProvisionedThroughputExceededException' }),
    ]);
    const row = account(
      'campaign step keeps failing (DynamoDB throttled past 6 retries), RecordFailure crashing after its write → Campaign Step Failed',
      injected,
      [contact.id],
      [],
      failed.map(() => contact.id),
    );
    expect(row).toMatchObject({ lost: 0, doubled: 0, parked: 1 });
  });

  /** A post-sale survey (one day's delay, one day's window, no reminder) on Deal Won, and a won deal's event for a new contact. */
  async function aSurveyedWin() {
    process.env.PUBLIC_API_URL = 'https://api.relay.example';
    const active = await deps.surveys.activeFor('Deal Won');
    if (active) await updateSurvey(deps, active, { status: 'paused' });
    await createSurvey(
      deps,
      CreateSurveyRequest.parse({
        name: 'NPS after a win',
        kind: 'nps',
        question: 'How likely are you to recommend us?',
        trigger: 'Deal Won',
        delay: { days: 1 },
        reminder: null,
        expiresAfterDays: 1,
        reviewUrl: 'https://reviews.example/relay',
      }),
    );
    const owner = await createOwner(deps, anOwnerRequest({ name: 'Ada Owner' }));
    const contact = await createContact(deps, aContactRequest({ firstName: 'Kim', ownerId: owner.id }), anAdmin());
    const dealWon = {
      version: '0',
      id: `eb-${contact.id}`,
      'detail-type': 'Deal Won',
      source: 'relay.deals',
      detail: {
        id: `01DEALWON${contact.id.slice(-17)}`,
        occurredAt: new Date().toISOString(),
        version: 1,
        dealId: `01DEAL${contact.id.slice(-20)}`,
        pipelineId: 'p',
        amount: 1000,
        currency: 'EUR',
        dealType: 'new_business',
        contactId: contact.id,
        ownerId: owner.id,
      },
    };
    const surveyWorkflow = postSaleSurveyWorkflow();
    // A virtual day in 200 ms: the delay and the window pass in well under a second each.
    const surveys = new LocalStepFunctions([surveyWorkflow], 86_400 * 5);
    const run = (input: unknown) => surveys.whenDone(surveys.start(surveyWorkflow.name, input).executionArn);
    return { contact, dealWon, run };
  }

  it('the same Deal Won is delivered twice (relay crash): two post-sale-survey executions, one survey email, both succeed', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    const { contact, dealWon, run } = await aSurveyedWin();
    const executions = await Promise.all([run(dealWon), run(dealWon)]);
    for (const execution of executions) expect(execution.status, execution.cause).toBe('SUCCEEDED');
    const row = account(
      'relay crash after publish (Deal Won), two survey executions → survey email',
      1,
      [contact.email],
      emailsTo().filter((to) => to === contact.email),
    );
    expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('SES throttles the survey email: SendSurvey is retried and the contact gets one survey', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded (injected)', $metadata: {} }))
      .resolves({ MessageId: 'm-7' });
    const { contact, dealWon, run } = await aSurveyedWin();
    const execution = await run(dealWon);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
    const tries = emailsTo().filter((to) => to === contact.email);
    expect(tries).toHaveLength(2); // the throttled try, then the survey
    const row = account('SES throttling (survey email, in the runner)', 1, [contact.email], tries.slice(1));
    expect(row).toMatchObject({ lost: 0, doubled: 0 });
  });

  it('ExpireSurvey loses the race for the send to another writer (the duplicate execution): it reads again instead of failing the execution', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-4' });
    const { dealWon, run } = await aSurveyedWin();
    faults = injectDynamoDbFaults((command, input) => {
      const expiring = command === 'TransactWriteCommand' ? eventWritten(input, 'Survey Expired') : undefined;
      return expiring && faults?.faults.injected === 0
        ? { interleave: () => expireSurvey(deps, String(expiring.sendId)) }
        : undefined;
    });
    const execution = await run(dealWon);
    expect(faults.faults.injected).toBe(1);
    expect(execution.status, execution.cause).toBe('SUCCEEDED');
  });
});
