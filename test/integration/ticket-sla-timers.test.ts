import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as ticketSlaCheck } from '#functions/timers/ticket-sla-check.ts';
import type { AppContext } from '#shared/context.ts';
import { systemContext } from '#shared/context.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import type { SlaTimer } from '#shared/sla/sla-timers.rules.ts';
import {
  fireTicketSlaTimer,
  planTicketSlaTimers,
  type TicketSlaTimerDeps,
} from '#shared/sla/ticket-sla-timers.service.ts';
import { CreateTicketRequest } from '#shared/tickets/ticket.schema.ts';
import { addTicketMessage, createTicket, moveTicket, updateTicket } from '#shared/tickets/ticket.service.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { startLocalSes } from '../../local/ses-local.ts';
import { LocalTimers, ScheduleConflict } from '../../local/timers.ts';
import { aContactRequest, anAdmin, anOwnerRequest } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

/** A clock the test moves: the services read time only through it. */
let clock = new Date('2027-05-03T08:00:00.000Z');
const context: AppContext = { now: () => new Date(clock), newId: systemContext.newId };
const minutes = (count: number, from: Date) => new Date(from.getTime() + count * 60_000);

let table: TableRef & { endpoint: string };
let deps: Dependencies;
let timerDeps: TicketSlaTimerDeps;
let contact: Contact;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
/** The local stand-in for EventBridge Scheduler: names unique while pending (its timers are hours away and never fire here). */
const localTimers = new LocalTimers(
  1,
  {
    start: () => {
      throw new Error('no workflow timers here');
    },
  },
  { now: () => clock.getTime() },
);
const scheduler: TimerScheduler = {
  // As the local scheduler endpoint answers CreateSchedule: a pending name is a conflict, which the caller takes as done.
  async scheduleOnce(timer) {
    try {
      localTimers.schedule(timer);
    } catch (error) {
      if (!(error instanceof ScheduleConflict)) throw error;
    }
  },
};
const pendingNames = () =>
  localTimers
    .list()
    .filter((timer) => timer.status === 'scheduled')
    .map((timer) => timer.name);
let managerEmail: string;
let teamId: string;
let escalationOwnerId: string;

beforeAll(async () => {
  table = await createTestTable();
  ses = await startLocalSes(0);
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  process.env.AWS_ENDPOINT_URL_SESV2 = ses.url;
  process.env.PUBLIC_API_URL = 'https://api.relay.example';
  deps = buildDependencies(table, context);
  const sesClient = new SESv2Client({
    endpoint: ses.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  timerDeps = {
    ...deps,
    timers: scheduler,
    email: new EmailSender(table, 'Relay <no-reply@relay.example>', sesClient),
    publicApiUrl: 'https://api.relay.example',
  };
  const manager = await createOwner(deps, anOwnerRequest({ name: 'Margaret Manager' }));
  managerEmail = manager.email;
  teamId = (await createTeam(deps, CreateTeamRequest.parse({ name: 'Support', managerOwnerId: manager.id }))).id;
  escalationOwnerId = (await createOwner(deps, anOwnerRequest({ name: 'Esme Escalation', teamId }))).id;
  await saveSlaSettings(
    deps,
    SlaSettingsInput.parse({
      policies: [
        {
          name: 'Standard',
          warningShare: 0.5,
          targets: {
            normal: { firstResponseMinutes: 60, resolutionMinutes: 240 },
            urgent: { firstResponseMinutes: 15, resolutionMinutes: 60 },
          },
          escalation: { reassignTo: escalationOwnerId },
        },
      ],
    }),
  );
  contact = await createContact(deps, aContactRequest({ email: 'timers@customer.example' }), anAdmin());
});
afterAll(async () => {
  localTimers.stop();
  await ses?.stop();
});

const aTicket = (overrides: Record<string, unknown> = {}) =>
  createTicket(
    deps,
    CreateTicketRequest.parse({ subject: 'Cannot log in', contactId: contact.id, ...overrides }),
    anAdmin(),
  );
const plan = (ticketId: string) => planTicketSlaTimers(timerDeps, ticketId);
const summary = (timers: SlaTimer[]) => timers.map((timer) => `${timer.kind} ${timer.at}`);
const outbox = () => new OutboxRepository(table).listPending(1000);
const slaEventsOf = async (ticketId: string) =>
  (await outbox()).filter(
    (event): event is DomainEvent =>
      event.detailType.startsWith('Ticket SLA') && 'ticketId' in event.detail && event.detail.ticketId === ticketId,
  );
const emailsTo = async (address: string) =>
  (
    (await (await fetch(`${ses.url}/store`)).json()) as {
      emails: { destination: { to: string[] }; subject: string; body: { text: string } }[];
    }
  ).emails.filter((email) => email.destination.to.includes(address));

describe('planning SLA timers', () => {
  it('sets a warning and a breach per target, and planning again sets nothing new', async () => {
    const createdAt = new Date('2027-05-03T08:00:00.000Z');
    clock = createdAt;
    const ticket = await aTicket();
    const first = await plan(ticket.id);
    expect(summary(first)).toEqual([
      'warning 2027-05-03T08:30:00Z',
      'breach 2027-05-03T09:00:00Z',
      'warning 2027-05-03T10:00:00Z',
      'breach 2027-05-03T12:00:00Z',
    ]);
    const pendingBefore = pendingNames();
    expect(pendingBefore).toEqual(expect.arrayContaining(first.map((timer) => timer.name)));
    clock = minutes(5, createdAt);
    expect(await plan(ticket.id)).toEqual(first);
    expect(pendingNames()).toEqual(pendingBefore);
  });

  it('plans nothing while the ticket waits on the customer, moves the due times by the pause, and drops the first response once answered', async () => {
    const createdAt = new Date('2027-05-04T08:00:00.000Z');
    clock = createdAt;
    const ticket = await aTicket();
    await plan(ticket.id);
    clock = minutes(10, createdAt);
    await moveTicket(deps, ticket.id, { statusId: 'waiting-on-customer' }, anAdmin());
    expect(await plan(ticket.id)).toEqual([]);
    clock = minutes(70, createdAt); // an hour away: every due time moves an hour later
    await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin());
    expect(summary(await plan(ticket.id))).toEqual([
      'warning 2027-05-04T09:30:00Z',
      'breach 2027-05-04T10:00:00Z',
      'warning 2027-05-04T11:00:00Z',
      'breach 2027-05-04T13:00:00Z',
    ]);
    clock = minutes(75, createdAt);
    await addTicketMessage(deps, ticket.id, { kind: 'outbound', body: 'Try resetting it.' }, anAdmin());
    expect(summary(await plan(ticket.id))).toEqual(['warning 2027-05-04T11:00:00Z', 'breach 2027-05-04T13:00:00Z']);
    clock = minutes(80, createdAt);
    await updateTicket(deps, ticket.id, { priority: 'urgent' }, anAdmin());
    // Urgent: 60 working minutes to resolve (a warning at 30), 10 of them spent before the hour's pause.
    expect(summary(await plan(ticket.id))).toEqual(['warning 2027-05-04T09:30:00Z', 'breach 2027-05-04T10:00:00Z']);
    await moveTicket(deps, ticket.id, { statusId: 'resolved' }, anAdmin());
    expect(await plan(ticket.id)).toEqual([]);
  });
});

describe('a fired SLA timer', () => {
  it('does nothing when the clock read again is not due at its minute (stale), and warns once when it is', async () => {
    const createdAt = new Date('2027-05-05T08:00:00.000Z');
    clock = createdAt;
    const ticket = await aTicket({ teamId });
    const [warning] = await plan(ticket.id);
    const firing = { name: warning!.name, at: warning!.at };
    const timer = { ticketId: ticket.id, metric: 'firstResponse' as const, kind: 'warning' as const, firing };
    // A pause moved the warning on: the old timer is stale.
    clock = minutes(5, createdAt);
    await moveTicket(deps, ticket.id, { statusId: 'waiting-on-customer' }, anAdmin());
    clock = minutes(30, createdAt);
    expect(await fireTicketSlaTimer(timerDeps, timer)).toBe('stale');
    await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin());
    const [moved] = await plan(ticket.id);
    expect(moved?.at).toBe('2027-05-05T08:55:00Z');
    const due = { ...timer, firing: { name: moved!.name, at: moved!.at } };
    clock = minutes(55, createdAt);
    expect(await fireTicketSlaTimer(timerDeps, due)).toBe('warned');
    // A retry of the same firing (its claim released after a failure) publishes the same event, once.
    expect(await fireTicketSlaTimer(timerDeps, due)).toBe('warned');
    const events = await slaEventsOf(ticket.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      detailType: 'Ticket SLA Warning',
      detail: {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        metric: 'firstResponse',
        dueAt: '2027-05-05T09:25:00.000Z',
        priority: 'normal',
        policyName: 'Standard',
        teamId,
      },
    });
    expect(events[0]?.detail).not.toHaveProperty('assigneeId');
    expect(await emailsTo(managerEmail)).toEqual([]);
  });

  it('breaches: publishes, reassigns as the policy says (Ticket Assigned) and emails the manager once, however often it fires', async () => {
    const createdAt = new Date('2027-05-06T08:00:00.000Z');
    clock = createdAt;
    const assignee = await createOwner(deps, anOwnerRequest({ name: 'Alan Agent', teamId }));
    const ticket = await aTicket({ teamId, assigneeId: assignee.id, subject: 'Invoice is wrong' });
    const breach = (await plan(ticket.id)).find((timer) => timer.kind === 'breach')!;
    const timer = {
      ticketId: ticket.id,
      metric: 'firstResponse' as const,
      kind: 'breach' as const,
      firing: { name: breach.name, at: breach.at },
    };
    clock = minutes(60, createdAt);
    // Delivered twice by the scheduler (two invocations): the claim marker lets one of them work.
    const results = await Promise.all([
      ticketSlaCheck(timer, lambdaContext('first-delivery')),
      ticketSlaCheck(timer, lambdaContext('second-delivery')),
    ]);
    expect(results.map((result) => result.outcome).sort()).toEqual(['breached', 'duplicate']);
    // And a retry of the work itself (after a failure released the claim) does nothing twice either.
    expect(await fireTicketSlaTimer(timerDeps, timer)).toBe('breached');

    const events = (await outbox()).filter(
      (event) =>
        'ticketId' in event.detail && event.detail.ticketId === ticket.id && event.detailType !== 'Ticket Created',
    );
    expect(events.map((event) => event.detailType).sort()).toEqual([
      'Ticket Assigned',
      'Ticket Assigned',
      'Ticket SLA Breached',
    ]);
    expect(events.find((event) => event.detailType === 'Ticket SLA Breached')?.detail).toMatchObject({
      metric: 'firstResponse',
      dueAt: '2027-05-06T09:00:00.000Z',
      assigneeId: assignee.id,
      teamId,
    });
    const reassignment = events.filter((event) => event.detailType === 'Ticket Assigned').at(-1)?.detail;
    expect(reassignment).toMatchObject({ assigneeId: escalationOwnerId, previousAssigneeId: assignee.id });
    expect((await deps.tickets.get(ticket.id))?.assigneeId).toBe(escalationOwnerId);
    const mails = await emailsTo(managerEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`SLA breached: ticket #${ticket.number} (first response)`);
    expect(mails[0]?.body.text).toContain('It is assigned to Alan Agent.');
    expect(mails[0]?.body.text).toContain('reassigned to Esme Escalation');
    expect(mails[0]?.body.text).toContain(`https://api.relay.example/tickets/${ticket.id}`);
  });

  it('reads the clock as of its own minute when delivered early (the time-scaled local stack), and not after a reply', async () => {
    const createdAt = new Date('2027-05-07T08:00:00.000Z');
    clock = createdAt;
    const replied = await aTicket();
    const silent = await aTicket();
    const warningOf = async (ticketId: string) => (await plan(ticketId)).find((timer) => timer.kind === 'warning')!;
    const [repliedWarning, silentWarning] = [await warningOf(replied.id), await warningOf(silent.id)];
    clock = minutes(1, createdAt);
    await addTicketMessage(deps, replied.id, { kind: 'outbound', body: 'Looking into it.' }, anAdmin());
    // Still minute 1 of a 30-minute warning: delivered early, each timer stands for its own minute.
    const fire = (ticketId: string, warning: SlaTimer) =>
      fireTicketSlaTimer(timerDeps, {
        ticketId,
        metric: 'firstResponse',
        kind: 'warning',
        firing: { name: warning.name, at: warning.at },
      });
    expect(await fire(silent.id, silentWarning)).toBe('warned');
    expect(await fire(replied.id, repliedWarning)).toBe('stale');
    expect(await slaEventsOf(replied.id)).toEqual([]);
  });

  it('finds nothing to do for a ticket that is gone', async () => {
    const outcome = await fireTicketSlaTimer(timerDeps, {
      ticketId: '01J00000000000000000000000',
      metric: 'resolution',
      kind: 'breach',
      firing: { name: 'sla-breach-gone', at: '2027-05-07T09:00:00Z' },
    });
    expect(outcome).toBe('ticket-gone');
  });
});
