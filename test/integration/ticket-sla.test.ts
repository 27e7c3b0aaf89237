import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as slaSettingsHandler } from '#functions/http/sla-settings/index.ts';
import type { AppContext } from '#shared/context.ts';
import { systemContext } from '#shared/context.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { createTeam } from '#shared/owners/owner.service.ts';
import { readSlaSettings, saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import type { Ticket } from '#shared/tickets/ticket.schema.ts';
import { CreateTicketRequest, ListTicketsQuery } from '#shared/tickets/ticket.schema.ts';
import {
  addTicketMessage,
  createTicket,
  listTickets,
  moveTicket,
  readTicket,
  updateTicket,
} from '#shared/tickets/ticket.service.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { anHttpEvent } from '../support/http-events.ts';
import { createTestTable } from '../support/test-table.ts';

/** A clock the test moves: the service reads time only through it. */
let clock = new Date('2027-03-01T08:00:00.000Z');
const context: AppContext = { now: () => new Date(clock), newId: systemContext.newId };
const minutes = (count: number, from: Date) => new Date(from.getTime() + count * 60_000);
const iso = (at: Date) => at.toISOString();

let deps: Dependencies;
let contact: Contact;
beforeAll(async () => {
  const table = await createTestTable();
  // The HTTP handlers build their dependencies from the environment, as in Lambda.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, context);
  contact = await createContact(deps, aContactRequest({ email: 'sla@customer.example' }), anAdmin());
});

const aTicket = (overrides: Record<string, unknown> = {}) =>
  createTicket(
    deps,
    CreateTicketRequest.parse({ subject: 'Printer on fire', contactId: contact.id, ...overrides }),
    anAdmin(),
  );

/** The settings route through its Lambda handler, with the claims API Gateway's JWT authorizer passes on. */
async function callSettings(
  method: 'GET' | 'PUT',
  options: { body?: unknown; role?: string; headers?: Record<string, string> } = {},
) {
  const event = anHttpEvent({
    method,
    path: '/settings/sla',
    ...(options.body === undefined ? {} : { body: options.body }),
    headers: options.headers ?? {},
  });
  Object.assign(event.requestContext, {
    authorizer: {
      jwt: { claims: { sub: 'sla-test', 'cognito:groups': `[${options.role ?? 'admin'}]` }, scopes: null },
    },
  });
  const response = (await slaSettingsHandler(event, lambdaContext('SlaSettings'))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, headers: response.headers ?? {}, json: JSON.parse(String(response.body)) };
}

const standardPolicy = {
  name: 'Standard',
  warningShare: 0.5,
  targets: {
    normal: { firstResponseMinutes: 60, resolutionMinutes: 240 },
    urgent: { firstResponseMinutes: 15, resolutionMinutes: 60 },
  },
};

describe('SLA settings over their routes', () => {
  it('answers the defaults at version 0 before an admin saves any: no policy, so tickets carry no SLA and queue nowhere', async () => {
    const response = await callSettings('GET', { role: 'sales' });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"0"');
    expect(response.json).toEqual({ id: 'current', version: 0, policies: [], teamCalendars: [] });
    const ticket = await aTicket();
    expect(ticket.slaDueAt).toBeUndefined();
    expect(await readTicket(deps, ticket.id)).not.toHaveProperty('sla');
    const queue = await listTickets(deps, ListTicketsQuery.parse({ slaDueBefore: '2100-01-01T00:00:00Z' }));
    expect(queue.items).toEqual([]);
  });

  it('refuses bad settings with problem+json pointing at each field, and unknown teams and owners by name', async () => {
    const twoUntiered = await callSettings('PUT', {
      body: { policies: [standardPolicy, { ...standardPolicy, name: 'Another' }] },
    });
    expect(twoUntiered.status).toBe(400);
    expect(twoUntiered.headers['content-type']).toContain('application/problem+json');
    expect(twoUntiered.json.errors).toContainEqual(
      expect.objectContaining({
        pointer: '/policies/1/companyTier',
        message: expect.stringContaining('without a tier'),
      }),
    );
    const badCalendar = await callSettings('PUT', {
      body: { defaultCalendar: { timeZone: 'Mars/Olympus', week: { mon: [{ start: '17:00', end: '09:00' }] } } },
    });
    expect(badCalendar.status).toBe(400);
    expect(badCalendar.json.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
      expect.arrayContaining(['/defaultCalendar/timeZone', '/defaultCalendar/week/mon/0/end']),
    );
    const unknown = await callSettings('PUT', {
      body: {
        policies: [{ ...standardPolicy, escalation: { reassignTo: '01J00000000000000000000000' } }],
        teamCalendars: [
          {
            teamId: '01J00000000000000000000001',
            calendar: { timeZone: 'UTC', week: { mon: [{ start: '09:00', end: '17:00' }] } },
          },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([
      { pointer: '/teamCalendars/0/teamId', message: 'no team 01J00000000000000000000001' },
      { pointer: '/policies/0/escalation/reassignTo', message: 'no owner 01J00000000000000000000000' },
    ]);
    // Mondays only, and every Monday from this week on for eight years a holiday: no clock could run on it.
    // (The handler reads the real clock.)
    const today = new Date(new Date().toISOString().slice(0, 10));
    const thisMonday = today.getTime() - ((today.getUTCDay() + 6) % 7) * 86_400_000;
    const mondays = Array.from({ length: 400 }, (_, week) =>
      new Date(thisMonday + week * 7 * 86_400_000).toISOString().slice(0, 10),
    );
    const idle = await callSettings('PUT', {
      body: {
        defaultCalendar: { timeZone: 'UTC', week: { mon: [{ start: '09:00', end: '17:00' }] }, holidays: mondays },
      },
    });
    expect(idle.status).toBe(400);
    expect(idle.json.errors).toEqual([
      { pointer: '/defaultCalendar/holidays', message: 'leaves no working time in two years' },
    ]);
    expect((await callSettings('PUT', { role: 'sales', body: { policies: [standardPolicy] } })).status).toBe(403);
    expect((await callSettings('GET')).json.version).toBe(0);
  });

  it('saves with If-Match, versioned: a stale version gets 412 and changes nothing', async () => {
    const saved = await callSettings('PUT', { body: { policies: [standardPolicy] }, headers: { 'if-match': '"0"' } });
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.json).toMatchObject({ version: 1, policies: [{ name: 'Standard', warningShare: 0.5 }] });
    const stale = await callSettings('PUT', { body: { policies: [] }, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(412);
    expect((await readSlaSettings(deps)).policies.map((policy) => policy.name)).toEqual(['Standard']);
  });
});

describe('a ticket read carries its SLA, from the ticket item alone', () => {
  it('runs, warns and breaches the first response on the clock; the first reply meets it and the resolution runs on', async () => {
    const createdAt = new Date('2027-03-01T08:00:00.000Z');
    clock = createdAt;
    const ticket = await aTicket();
    expect(ticket.slaDueAt).toBe(iso(minutes(60, createdAt)));
    expect((await readTicket(deps, ticket.id)).sla).toEqual({
      policyName: 'Standard',
      firstResponse: {
        state: 'running',
        targetMinutes: 60,
        elapsedMinutes: 0,
        warnAt: iso(minutes(30, createdAt)),
        dueAt: iso(minutes(60, createdAt)),
      },
      resolution: {
        state: 'running',
        targetMinutes: 240,
        elapsedMinutes: 0,
        warnAt: iso(minutes(120, createdAt)),
        dueAt: iso(minutes(240, createdAt)),
      },
    });
    clock = minutes(45, createdAt);
    expect((await readTicket(deps, ticket.id)).sla?.firstResponse).toMatchObject({
      state: 'warning',
      elapsedMinutes: 45,
    });
    clock = minutes(61, createdAt);
    expect((await readTicket(deps, ticket.id)).sla?.firstResponse).toMatchObject({
      state: 'breached',
      elapsedMinutes: 61,
    });
    await addTicketMessage(deps, ticket.id, { kind: 'outbound', body: 'On it.' }, anAdmin());
    const replied = await readTicket(deps, ticket.id);
    expect(replied.sla?.firstResponse).toEqual({ state: 'missed', targetMinutes: 60, elapsedMinutes: 61 });
    expect(replied.sla?.resolution).toMatchObject({ state: 'running', dueAt: iso(minutes(240, createdAt)) });
    expect(replied.slaDueAt).toBe(iso(minutes(240, createdAt)));
  });

  it('pauses while waiting on the customer (no due time, out of the breaching-soon queue) and moves the due time by the pause', async () => {
    const createdAt = new Date('2027-03-02T08:00:00.000Z');
    clock = createdAt;
    const ticket = await aTicket();
    clock = minutes(10, createdAt);
    await addTicketMessage(deps, ticket.id, { kind: 'outbound', body: 'Which printer?' }, anAdmin());
    clock = minutes(20, createdAt);
    const waiting = await moveTicket(deps, ticket.id, { statusId: 'waiting-on-customer' }, anAdmin());
    expect(waiting.slaPauses).toEqual([{ from: iso(clock) }]);
    expect(waiting.slaDueAt).toBeUndefined();
    clock = minutes(500, createdAt);
    const paused = await readTicket(deps, ticket.id);
    expect(paused.sla?.firstResponse).toEqual({ state: 'met', targetMinutes: 60, elapsedMinutes: 10 });
    expect(paused.sla?.resolution).toEqual({ state: 'paused', targetMinutes: 240, elapsedMinutes: 20 });
    expect(
      ids(await listTickets(deps, ListTicketsQuery.parse({ slaDueBefore: '2100-01-01T00:00:00Z' }))),
    ).not.toContain(ticket.id);
    // Back after 480 minutes away: the resolution falls due 480 minutes later than it would have.
    const reopened = await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin());
    expect(reopened.slaPauses).toEqual([{ from: iso(minutes(20, createdAt)), to: iso(clock) }]);
    expect(reopened.slaDueAt).toBe(iso(minutes(240 + 480, createdAt)));
    expect((await readTicket(deps, ticket.id)).sla?.resolution).toMatchObject({ state: 'running', elapsedMinutes: 20 });
    clock = minutes(600, createdAt);
    const resolved = await moveTicket(deps, ticket.id, { statusId: 'resolved' }, anAdmin());
    expect(resolved.slaDueAt).toBeUndefined();
    expect((await readTicket(deps, ticket.id)).sla?.resolution).toEqual({
      state: 'met',
      targetMinutes: 240,
      elapsedMinutes: 120,
    });
  });

  it("counts the team's own calendar: a ticket opened at 16:30 on a Friday in Berlin falls due on Monday", async () => {
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Berlin desk' }));
    const current = await readSlaSettings(deps);
    await saveSlaSettings(
      deps,
      SlaSettingsInput.parse({
        policies: current.policies,
        teamCalendars: [
          {
            teamId: team.id,
            calendar: {
              timeZone: 'Europe/Berlin',
              week: Object.fromEntries(
                ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '17:00' }]]),
              ),
            },
          },
        ],
      }),
      current.version,
    );
    clock = new Date('2027-03-05T15:30:00.000Z'); // Friday 16:30 in Berlin (CET)
    const ticket = await aTicket({ teamId: team.id });
    const sla = (await readTicket(deps, ticket.id)).sla;
    // Half the target is Friday's last half hour; the rest is Monday's first.
    expect(sla?.firstResponse).toMatchObject({ warnAt: '2027-03-05T16:00:00.000Z', dueAt: '2027-03-08T08:30:00.000Z' });
    expect(ticket.slaDueAt).toBe('2027-03-08T08:30:00.000Z');
  });
});

const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

describe('the breaching-soon queue', () => {
  beforeAll(async () => {
    // The tickets of the tests above are done with: resolve them, so this queue holds only its own.
    const left = await listTickets(
      deps,
      ListTicketsQuery.parse({ slaDueBefore: '2100-01-01T00:00:00Z', limit: '100' }),
    );
    for (const ticket of left.items) await moveTicket(deps, ticket.id, { statusId: 'resolved' }, anAdmin());
  });

  it('lists unfinished tickets due before an instant, soonest first, a page at a time, and follows priority changes in the same write', async () => {
    const base = new Date('2027-04-01T08:00:00.000Z');
    const opened: Ticket[] = [];
    for (const offset of [0, 5, 10]) {
      clock = minutes(offset, base);
      opened.push(await aTicket());
    }
    const [first, second, third] = opened as [Ticket, Ticket, Ticket];
    const before = (at: Date) => ListTicketsQuery.parse({ slaDueBefore: iso(at) });
    // First responses are due at +60, +65 and +70.
    expect(ids(await listTickets(deps, before(minutes(66, base))))).toEqual([first.id, second.id]);
    const page = await listTickets(deps, ListTicketsQuery.parse({ slaDueBefore: iso(minutes(71, base)), limit: '2' }));
    expect(ids(page)).toEqual([first.id, second.id]);
    const rest = await listTickets(
      deps,
      ListTicketsQuery.parse({ slaDueBefore: iso(minutes(71, base)), limit: '2', cursor: page.nextCursor }),
    );
    expect(ids(rest)).toEqual([third.id]);
    expect(rest.items[0]?.sla?.policyName).toBe('Standard');
    // Urgent: 15 minutes from its creation at +10, so it now comes first.
    clock = minutes(12, base);
    const urgent = await updateTicket(deps, third.id, { priority: 'urgent' }, anAdmin());
    expect(urgent.slaDueAt).toBe(iso(minutes(25, base)));
    expect(ids(await listTickets(deps, before(minutes(71, base))))).toEqual([third.id, first.id, second.id]);
    // Resolving takes a ticket out in the same write; a ticket past due stays first until then.
    await moveTicket(deps, first.id, { statusId: 'resolved' }, anAdmin());
    expect(ids(await listTickets(deps, before(minutes(71, base))))).toEqual([third.id, second.id]);
  });

  it('takes an instant with an offset and refuses anything else with a pointer', () => {
    expect(ListTicketsQuery.parse({ slaDueBefore: '2027-04-01T10:00:00+02:00' }).slaDueBefore).toBeDefined();
    const refused = ListTicketsQuery.safeParse({ slaDueBefore: 'tomorrow' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['slaDueBefore']);
  });
});
