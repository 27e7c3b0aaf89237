import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { pathToFileURL } from 'node:url';
import { buildDependencies } from '#functions/dependencies.ts';
import { systemPrincipal } from '#shared/auth/principal.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import { createDocumentClient } from '#shared/db/document-client.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { relayPendingEvents } from '#shared/events/relay.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { CreateOwnerRequest, CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import { countedEventTypes, countEvent } from '#shared/reports/kpi-events.service.ts';
import { answerSurvey } from '#shared/surveys/survey-answer.service.ts';
import { surveyToken } from '#shared/surveys/survey-link.ts';
import { completeSurveyResponse } from '#shared/surveys/survey-outcome.service.ts';
import { checkMailable, planSurvey, sendSurvey } from '#shared/surveys/survey-send.service.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { createSurvey } from '#shared/surveys/survey.service.ts';
import { CreateTicketRequest } from '#shared/tickets/ticket.schema.ts';
import { addTicketMessage, createTicket, moveTicket, updateTicket } from '#shared/tickets/ticket.service.ts';
import { postSaleSurveyWorkflow } from '#workflows/post-sale-survey.ts';
import { ensureTable } from '../local/create-table.ts';
import { meterDynamoDb, type MeterReading } from './capacity-meter.ts';
import { addWork, costPerThousand, type OperationWork } from './cost-model.ts';
import { round } from './stats.ts';
import { benchDynamoDb, type BenchStore } from './store.ts';

/** What one ticket's typical life did, step by step, on DynamoDB Local (each step metered on its own). */
export interface TicketWork {
  /** The agent's API calls: create, assign, reply, reply, resolve. */
  apiSteps: { step: string; reading: MeterReading }[];
  /** Events the ticket's writes published (outbox → EventBridge), and what relaying them cost. */
  events: { types: string[]; relay: MeterReading };
  /** The count-kpis subscriber on each ticket event it counts. */
  kpiCounting: MeterReading & { invocations: number };
  /** The CSAT survey its resolution asked: the workflow's tasks, the customer's click. */
  survey: { step: string; reading: MeterReading }[];
  surveyEvents: { types: string[]; relay: MeterReading };
  emails: number;
  /** State transitions of the survey's Standard execution on the path an answered (passive) survey takes. */
  surveyTransitions: number;
  /** One-time Scheduler timers the ticket set (SLA warning and breach). */
  timers: number;
}

/** The states an answered survey passes through (no reminder, a passive answer): one transition each. */
const answeredSurveyPath = [
  'PlanSurvey',
  'IsPlanned',
  'WaitForDelay',
  'CheckMailable',
  'IsMailable',
  'SendSurvey',
  'ByCategory',
  'CompleteResponse',
  'Answered',
];

const surveyKey = 'bench-survey-key-0123456789abcdef';

/**
 * Meters a ticket's typical life in process against DynamoDB Local: created, assigned, answered twice,
 * resolved, its events relayed and counted, and the CSAT survey its resolution asks sent and answered.
 */
export async function measureTicketWork(store?: BenchStore): Promise<TicketWork> {
  const dynamo = await benchDynamoDb(store, 'ticket-work');
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const ses = mockClient(SESv2Client);
  ses.on(SendEmailCommand).resolves({ MessageId: 'bench' });
  try {
    await ensureTable(client, dynamo.tableName);
    const meter = meterDynamoDb(client);
    const table = { db: createDocumentClient(client), tableName: dynamo.tableName };
    const deps = buildDependencies(table, systemContext);
    const actor = { principal: systemPrincipal };
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Bench support' }));
    const agent = await createOwner(
      deps,
      CreateOwnerRequest.parse({ name: 'Bench Agent', email: 'agent@relay.example', teamId: team.id }),
    );
    const contact = await createContact(
      deps,
      CreateContactRequest.parse({ email: 'customer@bench.example', firstName: 'Bench' }),
      actor,
    );
    await createSurvey(
      deps,
      CreateSurveyRequest.parse({
        name: 'CSAT',
        kind: 'csat',
        question: 'How satisfied are you?',
        trigger: 'Ticket Resolved',
        reminder: null,
        reviewUrl: 'https://reviews.example/r',
      }),
    );

    const published: DomainEvent[] = [];
    const relay = async () => {
      const before = published.length;
      const reading = await meter.measure(() =>
        relayPendingEvents({
          outbox: deps.outbox,
          publisher: { publish: async (batch) => void published.push(...batch) },
          context: systemContext,
        }),
      );
      return { types: published.slice(before).map((event) => event.detailType), relay: reading };
    };
    await relay(); // the setup's own events (contact, survey) are not the ticket's

    let ticketId = '';
    const apiSteps: TicketWork['apiSteps'] = [];
    const step = async (name: string, operation: () => Promise<unknown>) =>
      apiSteps.push({ step: name, reading: await meter.measure(operation) });
    await step('create', async () => {
      ticketId = (
        await createTicket(
          deps,
          CreateTicketRequest.parse({ subject: 'Bench ticket', contactId: contact.id, teamId: team.id }),
          actor,
        )
      ).id;
    });
    await step('assign', () => updateTicket(deps, ticketId, { assigneeId: agent.id }, actor));
    await step('reply', () => addTicketMessage(deps, ticketId, { kind: 'outbound', body: 'Looking into it.' }, actor));
    await step('reply', () => addTicketMessage(deps, ticketId, { kind: 'outbound', body: 'Fixed now.' }, actor));
    await step('resolve', () => moveTicket(deps, ticketId, { statusId: 'resolved' }, actor));
    const events = await relay();

    const ticketEvents = published.filter((event) => 'ticketId' in event.detail);
    const counted = ticketEvents.filter((event) => (countedEventTypes as readonly string[]).includes(event.detailType));
    const kpiReading = await meter.measure(async () => {
      for (const event of counted)
        await countEvent(deps, { detailType: event.detailType, detail: event.detail as never });
    });

    const resolved = ticketEvents.find((event) => event.detailType === 'Ticket Resolved');
    if (!resolved) throw new Error('The ticket was not resolved');
    const sender = new EmailSender(table, 'Relay <bench@relay.example>', new SESv2Client({}));
    const survey: TicketWork['survey'] = [];
    let sendId = '';
    const surveyStep = async (name: string, operation: () => Promise<unknown>) =>
      survey.push({ step: name, reading: await meter.measure(operation) });
    await surveyStep('plan (task)', async () => {
      const plan = await planSurvey(deps, { detailType: 'Ticket Resolved', detail: resolved.detail });
      if (!plan.planned) throw new Error('No survey was planned');
      sendId = plan.sendId;
    });
    await surveyStep('check mailable (task)', () => checkMailable(deps, sendId));
    await surveyStep('send (task)', () =>
      sendSurvey(
        {
          ...deps,
          email: sender,
          callbacks: { resume: async () => 'resumed' },
          publicApiUrl: 'https://api.example',
          surveyKey,
        },
        { sendId, taskToken: 'bench-token', reminder: false },
      ),
    );
    await surveyStep('answer (public link)', () =>
      answerSurvey(
        { ...deps, surveyKey, callbacks: { resume: async () => 'resumed' } },
        { token: surveyToken(sendId, surveyKey), score: 3 },
      ),
    );
    await surveyStep('complete (task)', () => completeSurveyResponse(deps, sendId));
    const surveyEvents = await relay();

    const states = postSaleSurveyWorkflow().definition.States as Record<string, unknown>;
    const missing = answeredSurveyPath.filter((state) => !(state in states));
    if (missing.length) throw new Error(`The survey workflow has no state ${missing.join(', ')}`);
    return {
      apiSteps,
      events,
      kpiCounting: { ...kpiReading, invocations: counted.length },
      survey,
      surveyEvents,
      emails: ses.commandCalls(SendEmailCommand).length,
      surveyTransitions: answeredSurveyPath.length,
      // The SLA timers are not built yet: a ticket sets none so far.
      timers: 0,
    };
  } finally {
    ses.restore();
    await dynamo.stop();
  }
}

const lambdaMemoryMb = 512;
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));
const sum = (readings: MeterReading[], of: (reading: MeterReading) => number) =>
  readings.reduce((total, reading) => total + of(reading), 0);

/**
 * What a ticket costs in AWS, per 1,000 tickets, from the measured work and the bench's price table:
 * the agent's five API calls, the outbox relay (one stream invocation per write that published), every
 * event on EventBridge with its two subscribers (count-kpis on the ticket events it counts, and the
 * webhook delivery function, which every event invokes; its reads are not metered here), the survey's
 * Standard execution and tasks, the customer's click, and the one email.
 */
export function ticketCosts(work: TicketWork) {
  const api = work.apiSteps.map(({ reading }) => reading);
  const surveyTasks = work.survey.filter(({ step }) => step.endsWith('(task)')).map(({ reading }) => reading);
  const answer = work.survey.filter(({ step }) => !step.endsWith('(task)')).map(({ reading }) => reading);
  const allEvents = work.events.types.length + work.surveyEvents.types.length;
  const publishingWrites = work.apiSteps.length + 2; // each API write, the survey's send and completion
  const total: OperationWork = addWork(
    {
      httpRequests: api.length + answer.length,
      lambdaInvocations: api.length + answer.length,
      lambdaMs: sum([...api, ...answer], (reading) => billedMs(reading.ms)),
      lambdaMemoryMb,
      readUnits: sum([...api, ...answer], (reading) => reading.readUnits),
      writeUnits: sum([...api, ...answer], (reading) => reading.writeUnits),
    },
    {
      lambdaInvocations: publishingWrites,
      lambdaMs: billedMs(work.events.relay.ms) + billedMs(work.surveyEvents.relay.ms),
      readUnits: work.events.relay.readUnits + work.surveyEvents.relay.readUnits,
      writeUnits: work.events.relay.writeUnits + work.surveyEvents.relay.writeUnits,
      events: allEvents,
    },
    {
      lambdaInvocations: work.kpiCounting.invocations + allEvents,
      lambdaMs: billedMs(work.kpiCounting.ms) + allEvents,
      readUnits: work.kpiCounting.readUnits,
      writeUnits: work.kpiCounting.writeUnits,
    },
    {
      lambdaInvocations: surveyTasks.length,
      lambdaMs: sum(surveyTasks, (reading) => billedMs(reading.ms)),
      readUnits: sum(surveyTasks, (reading) => reading.readUnits),
      writeUnits: sum(surveyTasks, (reading) => reading.writeUnits),
      standardTransitions: work.surveyTransitions,
      emails: work.emails,
      schedules: work.timers,
    },
  );
  const cost = costPerThousand(total);
  return {
    work: total,
    dollarsPerThousand: round(cost.total, 5),
    items: Object.fromEntries(Object.entries(cost.items).map(([name, value]) => [name, round(value, 6)])),
  };
}

/** The ticket's figures as Markdown, for the bench report and for running this file alone. */
export function ticketCostMarkdown(work: TicketWork): string {
  const cost = ticketCosts(work);
  const row = (step: string, reading: MeterReading) =>
    `| ${step} | ${Object.entries(reading.calls)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ')} | ${reading.readUnits} | ${reading.writeUnits} |`;
  return [
    '## What a ticket costs in AWS',
    '',
    'A typical life: created, assigned, answered twice, resolved, its CSAT survey sent and answered (passive).',
    '',
    '| step | DynamoDB calls | read units | write units |',
    '| --- | --- | --- | --- |',
    ...work.apiSteps.map(({ step, reading }) => row(step, reading)),
    row(`outbox relay (${work.events.types.length} events)`, work.events.relay),
    row(`count-kpis (${work.kpiCounting.invocations} ticket events)`, work.kpiCounting),
    ...work.survey.map(({ step, reading }) => row(`survey: ${step}`, reading)),
    row(`outbox relay (${work.surveyEvents.types.length} survey events)`, work.surveyEvents.relay),
    '',
    `Per ticket: ${cost.work.httpRequests} API requests, ${cost.work.lambdaInvocations} Lambda invocations, ${round(cost.work.readUnits, 1)} read units, ${round(cost.work.writeUnits, 1)} write units, ${cost.work.events} events, ${cost.work.standardTransitions} Standard state transitions, ${cost.work.schedules} timers, ${cost.work.emails} email.`,
    `**$${cost.dollarsPerThousand} per 1,000 tickets** (${Object.entries(cost.items)
      .filter(([, value]) => value > 0)
      .map(([name, value]) => `${name} $${value}`)
      .join(', ')}).`,
    '',
  ].join('\n');
}

// Run alone: `node --import tsx bench/ticket-cost.ts` (a DynamoDB Local of its own).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(ticketCostMarkdown(await measureTicketWork()));
