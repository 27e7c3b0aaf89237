import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '#shared/sla/business-calendar.schema.ts';
import { SlaPolicy } from '#shared/sla/sla-policy.schema.ts';
import { policyFor, readSlaClock, waitingPauses } from '#shared/sla/sla.rules.ts';

const hour = 3_600_000;
const nineToFive = [{ start: '09:00', end: '17:00' }];
const berlin = BusinessCalendar.parse({
  timeZone: 'Europe/Berlin',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive },
});
const at = (local: string) => new Date(`${local}+01:00`);

describe('SlaPolicy', () => {
  it('refuses a resolution target shorter than the first response, fractions of minutes, and a warning at the breach', () => {
    const problems = (input: unknown) =>
      SlaPolicy.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(
      problems({
        name: 'Standard',
        targets: { high: { firstResponseMinutes: 240, resolutionMinutes: 60 } },
        warningShare: 1,
      }),
    ).toEqual([
      'targets.high.resolutionMinutes: must not be shorter than the first response target',
      'warningShare: must be less than 1 (the breach itself is at 1)',
    ]);
    expect(
      problems({ name: 'Standard', targets: { urgent: { firstResponseMinutes: 0.5, resolutionMinutes: 60 } } }),
    ).toEqual(['targets.urgent.firstResponseMinutes: must be a whole number of minutes']);
    expect(
      problems({ name: 'Standard', targets: { critical: { firstResponseMinutes: 5, resolutionMinutes: 60 } } }),
    ).toHaveLength(1);
  });
});

describe('policyFor', () => {
  const standard = SlaPolicy.parse({
    name: 'Standard',
    targets: {
      normal: { firstResponseMinutes: 480, resolutionMinutes: 2400 },
      urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    },
  });
  const gold = SlaPolicy.parse({
    name: 'Gold',
    companyTier: 'gold',
    targets: { urgent: { firstResponseMinutes: 15, resolutionMinutes: 240 } },
  });

  it("takes the tier's policy when it has targets for the priority, else the policy without a tier", () => {
    expect(policyFor([gold, standard], 'urgent', 'gold')?.policy.name).toBe('Gold');
    expect(policyFor([gold, standard], 'normal', 'gold')?.targets.firstResponseMinutes).toBe(480);
    expect(policyFor([gold, standard], 'urgent')?.policy.name).toBe('Standard');
    expect(policyFor([gold, standard], 'low', 'gold')).toBeUndefined();
  });
});

describe('waitingPauses', () => {
  it('pauses for each stretch spent waiting on the customer, in any order, and keeps the last one open', () => {
    const history = [
      { at: at('2026-12-07T11:00:00'), waitingOnCustomer: false },
      { at: at('2026-12-07T10:00:00'), waitingOnCustomer: true },
      { at: at('2026-12-07T09:00:00'), waitingOnCustomer: false },
      { at: at('2026-12-07T14:00:00'), waitingOnCustomer: true },
      // A second waiting status straight after the first does not restart the pause.
      { at: at('2026-12-07T15:00:00'), waitingOnCustomer: true },
    ];
    expect(waitingPauses(history)).toEqual([
      { from: at('2026-12-07T10:00:00'), to: at('2026-12-07T11:00:00') },
      { from: at('2026-12-07T14:00:00') },
    ]);
  });
});

describe('readSlaClock', () => {
  const clock = { startedAt: at('2026-12-07T09:00:00'), targetMinutes: 8 * 60, warningShare: 0.75 };

  it('runs, warns at the share and breaches at the target, in working hours', () => {
    const running = readSlaClock(berlin, clock, at('2026-12-07T12:00:00'));
    expect(running).toMatchObject({ state: 'running', elapsedMillis: 3 * hour });
    expect(running.warnAt).toEqual(at('2026-12-07T15:00:00'));
    expect(running.dueAt).toEqual(at('2026-12-07T17:00:00'));
    expect(readSlaClock(berlin, clock, at('2026-12-07T15:00:00')).state).toBe('warning');
    // The night is not working time: the clock reads the same at 20:00 and at 08:00 the next day.
    expect(readSlaClock(berlin, clock, at('2026-12-07T20:00:00')).state).toBe('breached');
    expect(readSlaClock(berlin, clock, at('2026-12-07T16:59:00')).state).toBe('warning');
  });

  it('is paused while the ticket waits on the customer, with no due time until it is answered', () => {
    const pauses = [{ from: at('2026-12-07T10:00:00') }];
    const reading = readSlaClock(berlin, { ...clock, pauses }, at('2026-12-08T12:00:00'));
    expect(reading).toEqual({ state: 'paused', targetMillis: 8 * hour, elapsedMillis: hour });
    const answered = [{ from: at('2026-12-07T10:00:00'), to: at('2026-12-08T10:00:00') }];
    // Monday 9–10 and Tuesday from 10: seven more hours make eight at 17:00 on Tuesday.
    expect(readSlaClock(berlin, { ...clock, pauses: answered }, at('2026-12-08T12:00:00'))).toMatchObject({
      state: 'running',
      elapsedMillis: 3 * hour,
      dueAt: at('2026-12-08T17:00:00'),
    });
  });

  it('is met or missed for good once it stops, whatever the time now', () => {
    expect(readSlaClock(berlin, { ...clock, stoppedAt: at('2026-12-07T16:00:00') }, at('2027-01-01T00:00:00'))).toEqual(
      {
        state: 'met',
        targetMillis: 8 * hour,
        elapsedMillis: 7 * hour,
      },
    );
    expect(
      readSlaClock(berlin, { ...clock, stoppedAt: at('2026-12-08T10:00:00') }, at('2026-12-08T10:00:00')).state,
    ).toBe('missed');
  });

  it('warns on a whole minute, and not before the first one, however short the target', () => {
    const short = readSlaClock(berlin, { ...clock, targetMinutes: 1, warningShare: 0.5 }, at('2026-12-07T09:00:00'));
    expect(short.warnAt).toEqual(at('2026-12-07T09:01:00'));
    const odd = readSlaClock(berlin, { ...clock, targetMinutes: 7, warningShare: 0.75 }, at('2026-12-07T09:00:00'));
    expect(odd.warnAt).toEqual(at('2026-12-07T09:05:00'));
  });
});
