import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '#shared/sla/business-calendar.schema.ts';
import { firingOutcome, slaTimers, timerMinute } from '#shared/sla/sla-timers.rules.ts';
import { readSlaClock } from '#shared/sla/sla.rules.ts';

const nineToFive = [{ start: '09:00', end: '17:00' }];
const berlin = BusinessCalendar.parse({
  timeZone: 'Europe/Berlin',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
});
const at = (local: string) => new Date(`${local}+01:00`);
// Created at 09:00:30 on a Monday: the due times fall inside a minute, the timers on the next one.
const clock = { startedAt: at('2026-12-07T09:00:30'), targetMinutes: 4 * 60, warningShare: 0.75 };
const read = (now: string, change: Partial<Parameters<typeof readSlaClock>[1]> = {}) =>
  readSlaClock(berlin, { ...clock, ...change }, at(now));

describe('slaTimers', () => {
  it('sets a warning and a breach on the whole minutes after they are due (UTC; Berlin is an hour ahead)', () => {
    const timers = slaTimers('T1', 'resolution', read('2026-12-07T10:00:00'));
    expect(timers.map(({ kind, at }) => ({ kind, at }))).toEqual([
      { kind: 'warning', at: '2026-12-07T11:01:00Z' },
      { kind: 'breach', at: '2026-12-07T12:01:00Z' },
    ]);
    expect(timers.every((timer) => timer.name.length <= 64)).toBe(true);
  });

  it('names a timer by its due minute: the same plan twice is the same timers, a moved due time a new one', () => {
    const first = slaTimers('T1', 'resolution', read('2026-12-07T10:00:00'));
    expect(slaTimers('T1', 'resolution', read('2026-12-07T10:30:00'))).toEqual(first);
    const paused = [{ from: at('2026-12-07T10:00:00'), to: at('2026-12-07T10:30:00') }];
    const moved = slaTimers('T1', 'resolution', read('2026-12-07T10:45:00', { pauses: paused }));
    expect(moved.map((timer) => timer.at)).toEqual(['2026-12-07T11:31:00Z', '2026-12-07T12:31:00Z']);
    expect(moved.map((timer) => timer.name)).not.toContain(first[0]!.name);
    expect(slaTimers('T2', 'resolution', read('2026-12-07T10:00:00'))[0]!.name).not.toBe(first[0]!.name);
    expect(slaTimers('T1', 'firstResponse', read('2026-12-07T10:00:00'))[0]!.name).not.toBe(first[0]!.name);
  });

  it('sets only the breach once warned, and nothing while paused, breached or stopped', () => {
    expect(slaTimers('T1', 'resolution', read('2026-12-07T12:30:00')).map((timer) => timer.kind)).toEqual(['breach']);
    expect(
      slaTimers('T1', 'resolution', read('2026-12-07T12:30:00', { pauses: [{ from: at('2026-12-07T11:00:00') }] })),
    ).toEqual([]);
    expect(slaTimers('T1', 'resolution', read('2026-12-07T16:00:00'))).toEqual([]);
    expect(
      slaTimers('T1', 'resolution', read('2026-12-07T10:00:00', { stoppedAt: at('2026-12-07T09:30:00') })),
    ).toEqual([]);
  });
});

describe('firingOutcome', () => {
  const [warning, breach] = slaTimers('T1', 'resolution', read('2026-12-07T10:00:00'));

  it('warns and breaches when the clock, read again as it fires, is still due then', () => {
    // 75% of four working hours from 09:00:30 Berlin time is 12:00:30 (11:00:30 UTC): the timer fires at 12:01.
    expect(firingOutcome(warning!, read('2026-12-07T12:01:00'))).toBe('warn');
    expect(firingOutcome(breach!, read('2026-12-07T13:01:00'))).toBe('breach');
    // A late delivery still acts, as long as nothing moved the due time.
    expect(firingOutcome(warning!, read('2026-12-07T13:30:00'))).toBe('warn');
  });

  it('does nothing for a timer whose due time moved, a clock that is paused or stopped', () => {
    const paused = [{ from: at('2026-12-07T10:00:00'), to: at('2026-12-07T10:30:00') }];
    expect(firingOutcome(warning!, read('2026-12-07T12:01:00', { pauses: paused }))).toBe('stale');
    expect(firingOutcome(breach!, read('2026-12-07T13:01:00', { pauses: [{ from: at('2026-12-07T13:00:00') }] }))).toBe(
      'stale',
    );
    expect(firingOutcome(breach!, read('2026-12-07T13:01:00', { stoppedAt: at('2026-12-07T12:59:00') }))).toBe('stale');
  });

  it('rounds an instant up to the minute Scheduler fires in', () => {
    expect(timerMinute(new Date('2026-12-07T10:00:00.000Z'))).toBe('2026-12-07T10:00:00Z');
    expect(timerMinute(new Date('2026-12-07T10:00:00.001Z'))).toBe('2026-12-07T10:01:00Z');
  });
});
