import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import type { AppContext } from '#shared/context.ts';
import { systemContext } from '#shared/context.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { createTeam } from '#shared/owners/owner.service.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { readSlaSettings, saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import { replanOpenTicketSlas } from '#shared/sla/ticket-sla-timers.service.ts';
import { CreateTicketRequest, ListTicketsQuery } from '#shared/tickets/ticket.schema.ts';
import { createTicket, listTickets, moveTicket } from '#shared/tickets/ticket.service.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let clock = new Date('2027-06-01T08:00:00.000Z');
const context: AppContext = { now: () => new Date(clock), newId: systemContext.newId };

let table: TableRef;
let deps: Dependencies;
let contact: Contact;
/** Records what is set, and keeps one timer per pending name, as Scheduler does. */
const pending = new Map<string, { at: string; payload: Record<string, unknown> }>();
const timers: TimerScheduler = {
  async scheduleOnce(timer) {
    if (!pending.has(timer.name)) pending.set(timer.name, { at: timer.at, payload: timer.payload });
  },
};
const policy = (firstResponseMinutes: number) => ({
  name: 'Standard',
  warningShare: 0.5,
  targets: { normal: { firstResponseMinutes, resolutionMinutes: 2400 } },
});

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, context);
  contact = await createContact(deps, aContactRequest({ email: 'replan@customer.example' }), anAdmin());
  await saveSlaSettings(deps, SlaSettingsInput.parse({ policies: [policy(60)] }));
});

const aTicket = (overrides: Record<string, unknown> = {}) =>
  createTicket(
    deps,
    CreateTicketRequest.parse({ subject: 'Slow pages', contactId: contact.id, ...overrides }),
    anAdmin(),
  );
const queue = async () =>
  (await listTickets(deps, ListTicketsQuery.parse({ slaDueBefore: '2100-01-01T00:00:00Z' }))).items.map((ticket) => [
    ticket.subject,
    ticket.slaDueAt,
  ]);

describe('new SLA settings', () => {
  it('publish SLA Settings Changed in the same write, and re-plan every unfinished ticket’s due time and timers once', async () => {
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Night shift' }));
    const day = await aTicket({ subject: 'day' });
    const night = await aTicket({ subject: 'night', teamId: team.id });
    const waiting = await aTicket({ subject: 'waiting' });
    await moveTicket(deps, waiting.id, { statusId: 'waiting-on-customer' }, anAdmin());
    const done = await aTicket({ subject: 'done' });
    await moveTicket(deps, done.id, { statusId: 'resolved' }, anAdmin());
    expect(await queue()).toEqual([
      ['day', '2027-06-01T09:00:00.000Z'],
      ['night', '2027-06-01T09:00:00.000Z'],
    ]);

    // A tighter first response for everyone, and the night shift works from 20:00 UTC only.
    const current = await readSlaSettings(deps);
    const saved = await saveSlaSettings(
      deps,
      SlaSettingsInput.parse({
        policies: [policy(30)],
        teamCalendars: [
          { teamId: team.id, calendar: { timeZone: 'UTC', week: { tue: [{ start: '20:00', end: '24:00' }] } } },
        ],
      }),
      current.version,
    );
    const changed = (await new OutboxRepository(table).listPending(1000)).filter(
      (event) => event.detailType === 'SLA Settings Changed',
    );
    expect(changed.map((event) => event.detail)).toContainEqual(
      expect.objectContaining({ settingsVersion: saved.version }),
    );

    clock = new Date('2027-06-01T08:10:00.000Z');
    const versionsBefore = await Promise.all(
      [day, night].map(async (ticket) => (await deps.tickets.get(ticket.id))!.version),
    );
    const first = await replanOpenTicketSlas({ ...deps, timers });
    expect(first).toEqual({ tickets: 3, moved: 2, timers: 8 });
    expect(await queue()).toEqual([
      ['day', '2027-06-01T08:30:00.000Z'],
      ['night', '2027-06-01T20:30:00.000Z'],
    ]);
    // Derived data only: the tickets keep their versions, so no agent's ETag goes stale.
    expect(await Promise.all([day, night].map(async (ticket) => (await deps.tickets.get(ticket.id))!.version))).toEqual(
      versionsBefore,
    );
    const nightTimers = [...pending.values()].filter((timer) => timer.payload.ticketId === night.id).map((t) => t.at);
    expect(nightTimers).toEqual(expect.arrayContaining(['2027-06-01T20:15:00Z', '2027-06-01T20:30:00Z']));
    expect([...pending.values()].some((timer) => timer.payload.ticketId === waiting.id)).toBe(false);

    // Delivered again: nothing moves, and the same timers are asked for (Scheduler keeps one of each).
    const timersBefore = pending.size;
    expect(await replanOpenTicketSlas({ ...deps, timers })).toEqual({ tickets: 3, moved: 0, timers: 8 });
    expect(pending.size).toBe(timersBefore);
  });
});
