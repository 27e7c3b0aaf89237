import { describe, expect, it } from 'vitest';
import { businessMillisBetween } from '#shared/sla/business-hours.ts';
import { aroundTheClock, calendarFor, noSlaSettings } from '#shared/sla/sla-settings.rules.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import { nextSlaDueAt, pausesAfterMove, ticketSla } from '#shared/sla/ticket-sla.rules.ts';

const berlin = SlaSettingsInput.parse({}).defaultCalendar;
const weekdays = (timeZone: string) => ({
  timeZone,
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '09:00', end: '17:00' }]])),
  holidays: [],
});
const teamA = '01J0000000000000000000000A';
const teamB = '01J0000000000000000000000B';
const settings = SlaSettingsInput.parse({
  defaultCalendar: weekdays('America/New_York'),
  teamCalendars: [{ teamId: teamA, calendar: weekdays('Asia/Tehran') }],
});

describe('calendarFor', () => {
  it('gives a team its own calendar, a team without one the default, and no team the default', () => {
    expect(calendarFor(settings, teamA).timeZone).toBe('Asia/Tehran');
    expect(calendarFor(settings, teamB).timeZone).toBe('America/New_York');
    expect(calendarFor(settings).timeZone).toBe('America/New_York');
  });

  it('counts every hour in UTC when no calendar is configured, or no settings at all', () => {
    expect(berlin).toBeUndefined();
    expect(calendarFor(noSlaSettings, teamA)).toBe(aroundTheClock);
    expect(calendarFor(undefined)).toBe(aroundTheClock);
    // A weekend and a night count in full: business durations are wall-clock durations.
    const saturday = new Date('2027-03-06T22:00:00Z');
    const monday = new Date('2027-03-08T03:00:00Z');
    expect(businessMillisBetween(aroundTheClock, saturday, monday)).toBe(29 * 3600_000);
  });
});

describe('SLA settings validation', () => {
  const policy = { name: 'P', targets: { normal: { firstResponseMinutes: 10, resolutionMinutes: 20 } } };

  it('takes one policy per company tier and one without, with unique names, and one calendar per team', () => {
    expect(
      SlaSettingsInput.safeParse({ policies: [policy, { ...policy, name: 'Gold', companyTier: 'gold' }] }).success,
    ).toBe(true);
    const refused = SlaSettingsInput.safeParse({
      policies: [policy, { ...policy, companyTier: 'gold' }, { ...policy, name: 'Q', companyTier: 'gold' }],
      teamCalendars: [
        { teamId: teamA, calendar: weekdays('UTC') },
        { teamId: teamA, calendar: weekdays('UTC') },
      ],
    });
    expect(refused.error?.issues.map((issue) => issue.path.join('/'))).toEqual([
      'policies/1/name',
      'policies/2/companyTier',
      'teamCalendars/1/teamId',
    ]);
  });

  it('refuses an unknown member and an escalation owner that is not a ULID', () => {
    expect(SlaSettingsInput.safeParse({ policies: [], surprise: true }).success).toBe(false);
    const refused = SlaSettingsInput.safeParse({ policies: [{ ...policy, escalation: { reassignTo: 'bob' } }] });
    expect(refused.error?.issues[0]?.path).toEqual(['policies', 0, 'escalation', 'reassignTo']);
  });
});

describe('the SLA pauses kept on a ticket', () => {
  it('opens a pause on waiting or resolving, closes it on reopening, and leaves moves between running kinds alone', () => {
    const waiting = pausesAfterMove(undefined, 'open', 'waiting', 't1');
    expect(waiting).toEqual([{ from: 't1' }]);
    expect(pausesAfterMove(waiting, 'waiting', 'resolved', 't2')).toEqual([{ from: 't1' }]);
    const back = pausesAfterMove(waiting, 'waiting', 'open', 't3');
    expect(back).toEqual([{ from: 't1', to: 't3' }]);
    expect(pausesAfterMove(back, 'new', 'open', 't4')).toEqual(back);
    expect(pausesAfterMove(back, 'open', 'resolved', 't5')).toEqual([...back, { from: 't5' }]);
  });
});

describe('a ticket’s SLA without a policy for its priority', () => {
  it('has no reading and no due time', () => {
    const withPolicy = SlaSettingsInput.parse({
      policies: [{ name: 'P', targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 10 } } }],
    });
    const ticket = { id: 't', priority: 'normal' as const, statusKind: 'new', createdAt: '2027-01-01T00:00:00.000Z' };
    expect(ticketSla(ticket, withPolicy, new Date('2027-01-01T01:00:00Z'))).toBeUndefined();
    expect(nextSlaDueAt(ticket, withPolicy)).toBeUndefined();
    expect(nextSlaDueAt({ ...ticket, priority: 'urgent' }, withPolicy)).toBe('2027-01-01T00:05:00.000Z');
    expect(nextSlaDueAt({ ...ticket, priority: 'urgent', statusKind: 'resolved' }, withPolicy)).toBeUndefined();
  });
});
