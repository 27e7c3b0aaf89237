import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import { saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { createTeam } from '#shared/owners/owner.service.ts';
import { countedEventTypes, countEvent } from '#shared/reports/kpi-events.service.ts';
import type { ServiceEvent } from '#shared/reports/service-kpi-events.service.ts';
import { serviceReport } from '#shared/reports/service-kpi.service.ts';
import { answerSurvey } from '#shared/surveys/survey-answer.service.ts';
import { surveyToken } from '#shared/surveys/survey-link.ts';
import { planSurvey } from '#shared/surveys/survey-send.service.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { createSurvey, updateSurvey } from '#shared/surveys/survey.service.ts';
import { CreateTicketRequest, type Ticket } from '#shared/tickets/ticket.schema.ts';
import { addTicketMessage, createTicket, moveTicket, updateTicket } from '#shared/tickets/ticket.service.ts';
import { aContactRequest, anAdmin, fixedContext } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

/*
 * A small service desk whose every figure was worked out by hand. Times are UTC; durations are
 * counted in calendar minutes (business hours come with the team calendars, see the README).
 *
 *   T8  no team  opened 20 Oct 09:00, moved to open, still open                  (backlog: open, 17 days old)
 *   T0  no team  opened  1 Nov 10:00, answered 10:10, resolved 11:00; CSAT 3 on 1 Nov (all before the period)
 *   T1  team A   opened  2 Nov 09:00, answered 09:30 (30), resolved 13:00 (240), closed 14:00; CSAT 5 on 2 Nov
 *   T2  team A   opened  2 Nov 10:00, answered 11:00 (60), resolution target breached 3 Nov 09:00,
 *                resolved 3 Nov 10:00 (1440): missed; CSAT 2 on 3 Nov, changed to 4 on 4 Nov
 *   T3  team B   opened  3 Nov 08:00, answered 08:05 (5), resolved 08:50 (50): met; CSAT 1 on 3 Nov;
 *                reopened 12:00, resolved again 4 Nov 08:00 (not counted again, not surveyed again),
 *                reopened again 09:00 (not counted again), still open                (backlog: open, 3 days old)
 *   T4  no team  opened  4 Nov 07:00, answered 17:00 (600), waiting on the customer  (backlog: waiting, 2 days)
 *   T7  team A   opened  5 Nov 08:00, first response target breached 08:15, answered 08:20 (20), resolved
 *                09:00 (60); the breach is counted after the resolution: missed; CES 6 on 5 Nov
 *   T5  team B   opened  5 Nov 10:00, first response target breached 14:00, never answered (backlog: new, 1 day)
 *   T6  team A   opened  6 Nov 09:00, moved to team B 10:00, open 10:30             (backlog: open, today)
 *
 * The period is 2–6 November and "today" is 6 November.
 */
const surveyKey = 'service-kpi-test-survey-key-0123456789';
const clock = fixedContext('2026-10-20T09:00:00.000Z');
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
const period = { from: '2026-11-02', to: '2026-11-06' };
let deps: Dependencies;
let teamA: string;
let teamB: string;
const seen = new Set<string>();
const everyEvent: DomainEvent[] = [];

/** Counts the events published since the last call, as the count-kpis subscriber would. */
async function countNewEvents(): Promise<void> {
  for (const event of await deps.outbox.listPending(1000)) {
    if (seen.has(event.detail.id)) continue;
    seen.add(event.detail.id);
    if (!(countedEventTypes as readonly string[]).includes(event.detailType)) continue;
    everyEvent.push(event);
    await countEvent(deps, { detailType: event.detailType, detail: event.detail as never });
  }
}

/** An SLA breach as the SLA timers publish it (counted here as the subscriber counts it). */
async function breach(ticket: Ticket, metric: 'firstResponse' | 'resolution', occurredAt: string) {
  const event: ServiceEvent = {
    detailType: 'Ticket SLA Breached',
    detail: {
      id: `breach-${ticket.id}-${metric}`,
      occurredAt,
      ticketId: ticket.id,
      metric,
      ...(ticket.teamId ? { teamId: ticket.teamId } : {}),
    },
  };
  await countEvent(deps, event);
  return event;
}

const admin = anAdmin();
async function open(subject: string, when: string, teamId?: string): Promise<Ticket> {
  at(when);
  const contact = await createContact(deps, aContactRequest({ firstName: subject }), admin);
  const ticket = await createTicket(
    deps,
    CreateTicketRequest.parse({ subject, contactId: contact.id, ...(teamId ? { teamId } : {}) }),
    admin,
  );
  await countNewEvents();
  return ticket;
}
async function answer(ticket: Ticket, when: string) {
  at(when);
  await addTicketMessage(deps, ticket.id, { kind: 'outbound', body: 'We are on it.' }, admin);
  await countNewEvents();
}
async function move(ticket: Ticket, statusId: string, when: string) {
  at(when);
  await moveTicket(deps, ticket.id, { statusId }, admin);
  await countNewEvents();
}
/** Resolves the ticket and plans its survey from the Ticket Resolved event, as the workflow would. */
async function resolve(ticket: Ticket, when: string) {
  await move(ticket, 'resolved', when);
  const resolved = everyEvent.findLast(
    (event) =>
      event.detailType === 'Ticket Resolved' && 'ticketId' in event.detail && event.detail.ticketId === ticket.id,
  );
  return planSurvey(deps, { detailType: 'Ticket Resolved', detail: resolved!.detail });
}
async function rate(plan: Awaited<ReturnType<typeof resolve>>, score: number, when: string) {
  if (!plan.planned) throw new Error('no survey was planned');
  at(when);
  await answerSurvey(
    { ...deps, surveyKey, callbacks: { resume: async () => 'gone' } },
    { token: surveyToken(plan.sendId, surveyKey), score },
  );
}

let secondResolutionOfT3: Awaited<ReturnType<typeof resolve>>;
let t2: Ticket;

beforeAll(async () => {
  deps = buildDependencies(await createTestTable(), clock);
  teamA = (await createTeam(deps, CreateTeamRequest.parse({ name: 'Support A' }))).id;
  teamB = (await createTeam(deps, CreateTeamRequest.parse({ name: 'Support B' }))).id;
  const csat = await createSurvey(
    deps,
    CreateSurveyRequest.parse({
      name: 'Ticket CSAT',
      kind: 'csat',
      question: 'How satisfied are you with how we handled your request?',
      trigger: 'Ticket Resolved',
      reviewUrl: 'https://reviews.example/r',
    }),
  );

  const t8 = await open('T8', '2026-10-20T09:00:00.000Z');
  await move(t8, 'open', '2026-10-20T09:30:00.000Z');

  const t0 = await open('T0', '2026-11-01T10:00:00.000Z');
  await answer(t0, '2026-11-01T10:10:00.000Z');
  await rate(await resolve(t0, '2026-11-01T11:00:00.000Z'), 3, '2026-11-01T12:00:00.000Z');

  const t1 = await open('T1', '2026-11-02T09:00:00.000Z', teamA);
  t2 = await open('T2', '2026-11-02T10:00:00.000Z', teamA);
  await answer(t1, '2026-11-02T09:30:00.000Z');
  await answer(t2, '2026-11-02T11:00:00.000Z');
  const t1Survey = await resolve(t1, '2026-11-02T13:00:00.000Z');
  await move(t1, 'closed', '2026-11-02T14:00:00.000Z');
  await rate(t1Survey, 5, '2026-11-02T15:00:00.000Z');

  const t3 = await open('T3', '2026-11-03T08:00:00.000Z', teamB);
  await answer(t3, '2026-11-03T08:05:00.000Z');
  const t3Survey = await resolve(t3, '2026-11-03T08:50:00.000Z');
  at('2026-11-03T09:00:00.000Z');
  await breach(t2, 'resolution', '2026-11-03T09:00:00.000Z');
  const t2Survey = await resolve(t2, '2026-11-03T10:00:00.000Z');
  await rate(t2Survey, 2, '2026-11-03T11:00:00.000Z');
  await rate(t3Survey, 1, '2026-11-03T11:30:00.000Z');
  await move(t3, 'open', '2026-11-03T12:00:00.000Z');

  const t4 = await open('T4', '2026-11-04T07:00:00.000Z');
  secondResolutionOfT3 = await resolve(t3, '2026-11-04T08:00:00.000Z');
  await move(t3, 'open', '2026-11-04T09:00:00.000Z');
  await rate(t2Survey, 4, '2026-11-04T10:00:00.000Z');
  await answer(t4, '2026-11-04T17:00:00.000Z');
  await move(t4, 'waiting-on-customer', '2026-11-04T17:01:00.000Z');

  // From T7 on, resolved tickets are asked how easy it was (CES) instead.
  await updateSurvey(deps, csat.id, { status: 'paused' });
  await createSurvey(
    deps,
    CreateSurveyRequest.parse({
      name: 'Ticket CES',
      kind: 'ces',
      question: 'How easy was it to get your problem solved?',
      trigger: 'Ticket Resolved',
      reviewUrl: 'https://reviews.example/r',
    }),
  );
  const t7 = await open('T7', '2026-11-05T08:00:00.000Z', teamA);
  await answer(t7, '2026-11-05T08:20:00.000Z');
  const t7Survey = await resolve(t7, '2026-11-05T09:00:00.000Z');
  at('2026-11-05T09:01:00.000Z');
  await breach(t7, 'firstResponse', '2026-11-05T08:15:00.000Z');
  await rate(t7Survey, 6, '2026-11-05T12:00:00.000Z');
  const t5 = await open('T5', '2026-11-05T10:00:00.000Z', teamB);
  at('2026-11-05T14:00:00.000Z');
  await breach(t5, 'firstResponse', '2026-11-05T14:00:00.000Z');

  const t6 = await open('T6', '2026-11-06T09:00:00.000Z', teamA);
  at('2026-11-06T10:00:00.000Z');
  await updateTicket(deps, t6.id, { teamId: teamB }, admin);
  await countNewEvents();
  await move(t6, 'open', '2026-11-06T10:30:00.000Z');
  at('2026-11-06T18:00:00.000Z');
}, 120_000);

describe('service KPIs on a dataset computed by hand', () => {
  it('counts every figure of the whole desk as worked out by hand', async () => {
    const report = await serviceReport(deps, period);
    expect(report).toMatchObject({
      // T1, T2 (2 Nov), T3 (3 Nov), T4 (4 Nov), T5, T7 (5 Nov), T6 (6 Nov); T8 and T0 were opened before.
      opened: 7,
      // First resolutions: T1, T2, T3, T7 (T3's second resolution and T0's, on 1 Nov, are not counted).
      resolved: 4,
      // T3, once (its second reopening is not counted again): 1 of 4.
      reopened: 1,
      reopenRate: 0.25,
    });
    // First responses: 5, 20, 30, 60, 600 minutes (T3, T7, T1, T2, T4). Median: rank ⌈0.5·5⌉ = 3, i.e. 30,
    // in the bucket (25, 30]; p90: rank ⌈0.9·5⌉ = 5, i.e. 600, in (480, 600]. Average 715 / 5 = 143.
    expect(report.firstResponse).toEqual({
      tickets: 5,
      averageMinutes: 143,
      median: { moreThanMinutes: 25, atMostMinutes: 30 },
      p90: { moreThanMinutes: 480, atMostMinutes: 600 },
      histogram: [
        { atMostMinutes: 5, tickets: 1 },
        { atMostMinutes: 20, tickets: 1 },
        { atMostMinutes: 30, tickets: 1 },
        { atMostMinutes: 60, tickets: 1 },
        { atMostMinutes: 600, tickets: 1 },
      ],
    });
    // Resolutions: 50, 60, 240, 1440 minutes (T3, T7, T1, T2). Median: rank 2, i.e. 60, in (50, 60]; p90: rank
    // ⌈3.6⌉ = 4, i.e. 1440, in (1200, 1440]. Average 1790 / 4 = 447.5.
    expect(report.resolution).toEqual({
      tickets: 4,
      averageMinutes: 447.5,
      median: { moreThanMinutes: 50, atMostMinutes: 60 },
      p90: { moreThanMinutes: 1200, atMostMinutes: 1440 },
      histogram: [
        { atMostMinutes: 50, tickets: 1 },
        { atMostMinutes: 60, tickets: 1 },
        { atMostMinutes: 240, tickets: 1 },
        { atMostMinutes: 1440, tickets: 1 },
      ],
    });
    // Met: T1, T3. Missed: T2 (breached before it was resolved) and T7 (its breach counted after its resolution).
    // Breaches: first response T7 and T5, resolution T2.
    expect(report.sla).toEqual({ met: 2, missed: 2, attainment: 0.5, breaches: { firstResponse: 2, resolution: 1 } });
    // CSAT in the period: T1 5, T2 4 (its 2 changed to 4), T3 1: average 10 / 3, satisfied (4–5) 2 of 3,
    // unhappy (1–2) 1 of 3 (ratios to four places); T0's 3 was given on 1 Nov. CES: T7's 6, easy (6–7).
    expect(report.csat).toEqual({ responses: 3, average: 3.3333, positiveRate: 0.6667, negativeRate: 0.3333 });
    expect(report.ces).toEqual({ responses: 1, average: 6, positiveRate: 1, negativeRate: 0 });
    // Still open today (6 Nov): T5 new (1 day old), T3 open (3 days), T6 open (today), T8 open (17 days),
    // T4 waiting (2 days).
    expect(report.backlog).toEqual({
      asOf: '2026-11-06',
      total: 5,
      byStatusKind: { new: 1, open: 3, waiting: 1 },
      byAge: [
        { band: 'today', tickets: 1 },
        { band: '1-3d', tickets: 3 },
        { band: '4-7d', tickets: 0 },
        { band: '8-30d', tickets: 1 },
        { band: 'over-30d', tickets: 0 },
      ],
    });
    expect(report.series).toEqual([
      { day: '2026-11-02', opened: 2, resolved: 1, reopened: 0 },
      { day: '2026-11-03', opened: 1, resolved: 2, reopened: 1 },
      { day: '2026-11-04', opened: 1, resolved: 0, reopened: 0 },
      { day: '2026-11-05', opened: 2, resolved: 1, reopened: 0 },
      { day: '2026-11-06', opened: 1, resolved: 0, reopened: 0 },
    ]);
  });

  it('counts a team’s figures with the team each ticket had at the time, and moves the backlog with it', async () => {
    const b = await serviceReport(deps, { ...period, teamId: teamB });
    // Team B opened T3 and T5 (T6 was opened in team A); answered and resolved T3 (5 and 50 minutes, met),
    // which was reopened; T5's first response was breached; T3 was rated 1.
    expect(b).toMatchObject({ teamId: teamB, opened: 2, resolved: 1, reopened: 1, reopenRate: 1 });
    expect(b.firstResponse).toMatchObject({ tickets: 1, median: { moreThanMinutes: 4, atMostMinutes: 5 } });
    expect(b.resolution).toMatchObject({ tickets: 1, p90: { moreThanMinutes: 40, atMostMinutes: 50 } });
    expect(b.sla).toEqual({ met: 1, missed: 0, attainment: 1, breaches: { firstResponse: 1, resolution: 0 } });
    expect(b.csat).toEqual({ responses: 1, average: 1, positiveRate: 0, negativeRate: 1 });
    // T3 open, T5 new and T6 (moved over from team A) open.
    expect(b.backlog).toMatchObject({ total: 3, byStatusKind: { new: 1, open: 2, waiting: 0 } });
    const a = await serviceReport(deps, { ...period, teamId: teamA });
    // Team A: T1, T2, T6, T7 opened; T1, T2, T7 resolved, T2 and T7 missed; nothing of theirs left open.
    expect(a).toMatchObject({ opened: 4, resolved: 3, reopened: 0, reopenRate: 0 });
    expect(a.sla).toMatchObject({ met: 1, missed: 2 });
    expect(a.backlog.total).toBe(0);
  });

  it('asks once per ticket: a ticket resolved again is not surveyed again', () => {
    expect(secondResolutionOfT3).toEqual({ planned: false, reason: 'asked-before' });
  });

  it('adds nothing when every event (and every breach) is delivered again', async () => {
    const before = await serviceReport(deps, period);
    for (const event of everyEvent)
      await countEvent(deps, { detailType: event.detailType, detail: event.detail as never });
    await breach(t2, 'resolution', '2026-11-03T09:00:00.000Z');
    expect(await serviceReport(deps, period)).toEqual(before);
  });

  it('answers 404 for a team that does not exist, and 400 for a period that ends before it starts', async () => {
    await expect(serviceReport(deps, { ...period, teamId: '01J0000000000000000000TEAM' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(serviceReport(deps, { from: period.to, to: period.from })).rejects.toMatchObject({ status: 400 });
  });
});

describe('service KPI durations in the team’s working hours', () => {
  /*
   * A Tehran team working Saturday to Wednesday, 08:00–16:00 Tehran time (UTC+3:30, no DST since 2022):
   * 04:30–12:30 UTC. Its ticket is opened on Wednesday 4 November 2026 at 11:30 UTC (15:00 in Tehran, an
   * hour before closing), answered on Saturday 7 November at 05:30 UTC (09:00; Thursday and Friday are the
   * weekend) and resolved that day at 12:30 UTC (16:00).
   *   first response: 60 (Wednesday 15:00–16:00) + 60 (Saturday 08:00–09:00) = 120 working minutes, (90, 120]
   *   resolution:     60 + 480 (all of Saturday)                              = 540 working minutes, (480, 600]
   * In calendar time they would be 2 days 18 hours and 3 days 1 hour.
   */
  it('counts first response and resolution in working minutes of the team’s calendar', async () => {
    const tehranClock = fixedContext('2026-11-01T09:00:00.000Z');
    const desk = buildDependencies(await createTestTable(), tehranClock);
    const when = (iso: string) => tehranClock.advance(Date.parse(iso) - tehranClock.now().getTime());
    const team = await createTeam(desk, CreateTeamRequest.parse({ name: 'Tehran support' }));
    const day = [{ start: '08:00', end: '16:00' }];
    await saveSlaSettings(
      desk,
      SlaSettingsInput.parse({
        teamCalendars: [
          {
            teamId: team.id,
            calendar: { timeZone: 'Asia/Tehran', week: { sat: day, sun: day, mon: day, tue: day, wed: day } },
          },
        ],
      }),
    );
    const counted = new Set<string>();
    const countAll = async () => {
      for (const event of await desk.outbox.listPending(1000))
        if (!counted.has(event.detail.id) && (countedEventTypes as readonly string[]).includes(event.detailType)) {
          counted.add(event.detail.id);
          await countEvent(desk, { detailType: event.detailType, detail: event.detail as never });
        }
    };
    when('2026-11-04T11:30:00.000Z');
    const contact = await createContact(desk, aContactRequest({ firstName: 'مریم' }), admin);
    const ticket = await createTicket(
      desk,
      CreateTicketRequest.parse({ subject: 'سفارش نرسیده', contactId: contact.id, teamId: team.id }),
      admin,
    );
    when('2026-11-07T05:30:00.000Z');
    await addTicketMessage(desk, ticket.id, { kind: 'outbound', body: 'پیگیری می‌کنیم.' }, admin);
    when('2026-11-07T12:30:00.000Z');
    await moveTicket(desk, ticket.id, { statusId: 'resolved' }, admin);
    await countAll();
    const report = await serviceReport(desk, { from: '2026-11-01', to: '2026-11-07', teamId: team.id });
    expect(report.firstResponse).toMatchObject({
      tickets: 1,
      averageMinutes: 120,
      median: { moreThanMinutes: 90, atMostMinutes: 120 },
    });
    expect(report.resolution).toMatchObject({
      tickets: 1,
      averageMinutes: 540,
      median: { moreThanMinutes: 480, atMostMinutes: 600 },
    });
  });
});
