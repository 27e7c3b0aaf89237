import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '#shared/sla/business-calendar.schema.ts';
import {
  addBusinessMillis,
  businessDeadline,
  businessMillisBetween,
  elapsedBusinessMillis,
  type Pause,
} from '#shared/sla/business-hours.ts';

const hour = 3_600_000;
const minute = 60_000;
const nineToFive = [{ start: '09:00', end: '17:00' }];

const newYork = BusinessCalendar.parse({
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
  holidays: ['2026-12-25'],
});
/** Iran: the week starts on Saturday, Thursday is a half day, Friday is the weekend; Nowruz is a holiday. */
const tehran = BusinessCalendar.parse({
  timeZone: 'Asia/Tehran',
  week: {
    sat: [{ start: '08:00', end: '16:00' }],
    sun: [{ start: '08:00', end: '16:00' }],
    mon: [{ start: '08:00', end: '16:00' }],
    tue: [{ start: '08:00', end: '16:00' }],
    wed: [{ start: '08:00', end: '16:00' }],
    thu: [{ start: '08:00', end: '12:00' }],
  },
  // Nowruz 1406: Farvardin 1 to 4.
  holidays: ['2027-03-21', '2027-03-22', '2027-03-23', '2027-03-24'],
});
/** Saudi Arabia: Sunday to Thursday, with a lunch break; Friday and Saturday are the weekend. */
const riyadh = BusinessCalendar.parse({
  timeZone: 'Asia/Riyadh',
  week: Object.fromEntries(
    ['sun', 'mon', 'tue', 'wed', 'thu'].map((day) => [
      day,
      [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ],
    ]),
  ),
});
/** Around the clock in Berlin, to see DST changes whole. */
const berlinAlways = BusinessCalendar.parse({
  timeZone: 'Europe/Berlin',
  week: Object.fromEntries(
    ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [{ start: '00:00', end: '24:00' }]]),
  ),
});
const calendars = { newYork, tehran, riyadh, berlinAlways };

describe('BusinessCalendar', () => {
  it('refuses overlapping periods, a period that ends before it starts, an unknown zone and a week with no hours', () => {
    const problems = (input: unknown) =>
      BusinessCalendar.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(
      problems({
        timeZone: 'Asia/Tehran',
        week: {
          sat: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '16:00' },
          ],
        },
      }),
    ).toEqual(['week.sat: periods of one day must not overlap']);
    expect(problems({ timeZone: 'UTC', week: { mon: [{ start: '22:00', end: '02:00' }] } })).toEqual([
      'week.mon.0.end: must end after it starts (a period past midnight is two periods, one on each day)',
    ]);
    expect(problems({ timeZone: 'Mars/Olympus', week: { mon: nineToFive } })).toEqual([
      'timeZone: must be an IANA time zone',
    ]);
    expect(problems({ timeZone: 'UTC', week: { mon: [] } })).toEqual([
      'week: needs working hours on at least one weekday',
    ]);
    expect(problems({ timeZone: 'UTC', week: { mon: [{ start: '9:00', end: '17:00' }] } })).toEqual([
      'week.mon.0.start: must be a wall-clock time such as "09:00"',
    ]);
    expect(problems({ timeZone: 'UTC', week: { mon: nineToFive }, holidays: ['21/03/2027'] })).toEqual([
      'holidays.0: must be a date such as "2027-03-21"',
    ]);
  });
});

describe('business hours', () => {
  it('carries a target over the weekend: four hours from Friday 16:00 in New York fall due on Monday at 12:00', () => {
    const due = addBusinessMillis(newYork, new Date('2026-12-04T16:00:00-05:00'), 4 * hour);
    expect(due.toISOString()).toBe(new Date('2026-12-07T12:00:00-05:00').toISOString());
  });

  it('skips a holiday, and counts nothing before the day starts', () => {
    // Thursday 24 December at 07:00: the 24th's eight hours, then Christmas, then Saturday and Sunday.
    const due = addBusinessMillis(newYork, new Date('2026-12-24T07:00:00-05:00'), 10 * hour);
    expect(due.toISOString()).toBe(new Date('2026-12-28T11:00:00-05:00').toISOString());
  });

  it('works the Iranian week: Wednesday 15:00 plus two hours is Thursday 09:00, and Thursday 11:00 plus two is Saturday 09:00', () => {
    expect(addBusinessMillis(tehran, new Date('2026-12-09T15:00:00+03:30'), 2 * hour).toISOString()).toBe(
      new Date('2026-12-10T09:00:00+03:30').toISOString(),
    );
    expect(addBusinessMillis(tehran, new Date('2026-12-10T11:00:00+03:30'), 2 * hour).toISOString()).toBe(
      new Date('2026-12-12T09:00:00+03:30').toISOString(),
    );
    // Nowruz: nine hours from Saturday 20 March 2027 at 08:00 are that Saturday's eight, then Sunday to
    // Wednesday are holidays, so the last hour is on Thursday the 25th.
    expect(addBusinessMillis(tehran, new Date('2027-03-20T08:00:00+03:30'), 9 * hour).toISOString()).toBe(
      new Date('2027-03-25T09:00:00+03:30').toISOString(),
    );
  });

  it('works a Friday and Saturday weekend with a lunch break in Riyadh', () => {
    // Thursday 11:00: one hour to lunch, four to the evening; then Sunday 08:00 onwards.
    const thursday = new Date('2026-12-10T11:00:00+03:00');
    expect(addBusinessMillis(riyadh, thursday, 3 * hour).toISOString()).toBe(
      new Date('2026-12-10T15:00:00+03:00').toISOString(),
    );
    expect(addBusinessMillis(riyadh, thursday, 6 * hour).toISOString()).toBe(
      new Date('2026-12-13T09:00:00+03:00').toISOString(),
    );
    expect(businessMillisBetween(riyadh, thursday, new Date('2026-12-13T09:00:00+03:00'))).toBe(6 * hour);
  });

  it('gives a day with a DST change the hours its people work: 23 in spring, 25 in autumn', () => {
    const day = (date: string) =>
      businessMillisBetween(berlinAlways, new Date(`${date}T00:00:00+01:00`), new Date(`${date}T23:59:59+01:00`));
    expect(
      businessMillisBetween(berlinAlways, new Date('2027-03-28T00:00:00+01:00'), new Date('2027-03-29T00:00:00+02:00')),
    ).toBe(23 * hour);
    expect(
      businessMillisBetween(berlinAlways, new Date('2026-10-25T00:00:00+02:00'), new Date('2026-10-26T00:00:00+01:00')),
    ).toBe(25 * hour);
    expect(day('2026-12-07')).toBe(24 * hour - 1000);
  });

  it('starts a working day that opens inside a skipped hour when the clock reaches it, and New York’s 9 to 5 stays 8 hours across DST', () => {
    const earlyBerlin = BusinessCalendar.parse({
      timeZone: 'Europe/Berlin',
      week: { sun: [{ start: '02:30', end: '05:00' }] },
    });
    // On 28 March 2027 Berlin's clocks go from 02:00 to 03:00: the day opens at 03:00 and has two hours.
    expect(businessMillisBetween(earlyBerlin, new Date('2027-03-27T00:00:00Z'), new Date('2027-03-29T00:00:00Z'))).toBe(
      2 * hour,
    );
    expect(
      businessMillisBetween(newYork, new Date('2027-03-12T00:00:00-05:00'), new Date('2027-03-16T00:00:00-04:00')),
    ).toBe(16 * hour);
  });

  it('measures nothing backwards, refuses a negative amount, and adds zero as nothing', () => {
    const at = new Date('2026-12-07T10:00:00-05:00');
    expect(businessMillisBetween(newYork, at, new Date(at.getTime() - hour))).toBe(0);
    expect(() => addBusinessMillis(newYork, at, -1)).toThrow(RangeError);
    expect(addBusinessMillis(newYork, at, 0)).toEqual(at);
  });

  it('walks past a long closure, and refuses a calendar with no working time for two years', () => {
    const days = (from: string, count: number, step: number) =>
      Array.from({ length: count }, (_, index) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + index * step * 24 * hour).toISOString().slice(0, 10),
      );
    // 400 days closed from New Year 2027: the first working Monday after them is 7 February 2028.
    const closed = BusinessCalendar.parse({
      timeZone: 'UTC',
      week: { mon: nineToFive },
      holidays: days('2027-01-01', 400, 1),
    });
    expect(addBusinessMillis(closed, new Date('2027-01-01T00:00:00Z'), hour).toISOString()).toBe(
      '2028-02-07T10:00:00.000Z',
    );
    // Every Monday a holiday for 400 weeks: no working time for over seven years.
    const never = BusinessCalendar.parse({
      timeZone: 'UTC',
      week: { mon: nineToFive },
      holidays: days('2027-01-04', 400, 7),
    });
    expect(() => addBusinessMillis(never, new Date('2027-01-01T00:00:00Z'), hour)).toThrow(
      /no working time within 732 days/,
    );
  });
});

describe('an SLA clock with pauses (waiting on the customer)', () => {
  const start = new Date('2026-12-07T09:00:00-05:00'); // Monday

  it('stops while waiting: a four-hour target with a two-hour wait falls due two hours later', () => {
    const pauses: Pause[] = [
      { from: new Date('2026-12-07T10:00:00-05:00'), to: new Date('2026-12-07T12:00:00-05:00') },
    ];
    expect(businessDeadline(newYork, start, 4 * hour, pauses)?.toISOString()).toBe(
      new Date('2026-12-07T15:00:00-05:00').toISOString(),
    );
    expect(elapsedBusinessMillis(newYork, start, new Date('2026-12-07T13:00:00-05:00'), pauses)).toBe(2 * hour);
  });

  it('has no deadline while a pause is open, and counts only up to its start', () => {
    const open: Pause[] = [{ from: new Date('2026-12-07T11:00:00-05:00') }];
    expect(businessDeadline(newYork, start, 4 * hour, open)).toBeUndefined();
    expect(businessDeadline(newYork, start, 2 * hour, open)?.toISOString()).toBe(
      new Date('2026-12-07T11:00:00-05:00').toISOString(),
    );
    expect(elapsedBusinessMillis(newYork, start, new Date('2026-12-09T11:00:00-05:00'), open)).toBe(2 * hour);
  });

  it('merges overlapping pauses given in any order, and a pause over the night changes nothing', () => {
    const pauses: Pause[] = [
      { from: new Date('2026-12-07T11:00:00-05:00'), to: new Date('2026-12-07T12:00:00-05:00') },
      { from: new Date('2026-12-07T10:00:00-05:00'), to: new Date('2026-12-07T11:30:00-05:00') },
      { from: new Date('2026-12-07T18:00:00-05:00'), to: new Date('2026-12-08T08:00:00-05:00') },
    ];
    expect(businessDeadline(newYork, start, 8 * hour, pauses)?.toISOString()).toBe(
      new Date('2026-12-08T11:00:00-05:00').toISOString(),
    );
  });
});

describe('business-hours properties', () => {
  const calendar = fc.constantFrom(...Object.values(calendars));
  const instant = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') })
    .map((ms) => new Date(ms));
  const amount = fc.integer({ min: 0, max: 300 * 60 }).map((minutes) => minutes * minute);

  it('adding working time and measuring it back agree', () => {
    fc.assert(
      fc.property(calendar, instant, amount, (cal, from, ms) => {
        expect(businessMillisBetween(cal, from, addBusinessMillis(cal, from, ms))).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it('measuring is additive and adding is monotonic', () => {
    fc.assert(
      fc.property(calendar, instant, amount, amount, (cal, from, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const early = addBusinessMillis(cal, from, small);
        const late = addBusinessMillis(cal, from, large);
        expect(early.getTime()).toBeLessThanOrEqual(late.getTime());
        expect(businessMillisBetween(cal, from, early) + businessMillisBetween(cal, early, late)).toBe(
          businessMillisBetween(cal, from, late),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('a pause adds exactly its working length to the deadline', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        amount,
        fc.integer({ min: 0, max: 96 * 60 }),
        fc.integer({ min: 1, max: 72 * 60 }),
        (cal, start, target, offset, length) => {
          const pause = {
            from: new Date(start.getTime() + offset * minute),
            to: new Date(start.getTime() + (offset + length) * minute),
          };
          const deadline = businessDeadline(cal, start, target, [pause]) as Date;
          const plain = addBusinessMillis(cal, start, target);
          const pausedBefore = Math.max(0, Math.min(pause.to.getTime(), deadline.getTime()) - pause.from.getTime());
          const pausedWork =
            pausedBefore > 0
              ? businessMillisBetween(cal, pause.from, new Date(pause.from.getTime() + pausedBefore))
              : 0;
          // Working time from start to the deadline is the target plus the working time the pause covered...
          expect(businessMillisBetween(cal, start, deadline)).toBe(target + pausedWork);
          // ...and the clock reads exactly the target there.
          expect(elapsedBusinessMillis(cal, start, deadline, [pause])).toBe(target);
          expect(deadline.getTime()).toBeGreaterThanOrEqual(plain.getTime());
        },
      ),
      { numRuns: 100 },
    );
  });
});
