import { describe, expect, it } from 'vitest';
import { nextSlaTarget, slaReadingAt } from '#shared/sla/sla-countdown.rules.ts';
import type { SlaReading } from '#shared/sla/ticket-sla.rules.ts';

const at = (iso: string) => new Date(iso);
const running: SlaReading = {
  state: 'running',
  targetMinutes: 60,
  elapsedMinutes: 10,
  warnAt: '2026-12-07T10:45:00.000Z',
  dueAt: '2026-12-07T11:00:00.000Z',
};

describe('an SLA target counted down between reads', () => {
  it('runs until its warning, warns until its due time, and is breached from then on', () => {
    expect(slaReadingAt(running, at('2026-12-07T10:10:00.000Z'))).toEqual({ state: 'running', msToDue: 50 * 60_000 });
    expect(slaReadingAt(running, at('2026-12-07T10:45:00.000Z'))).toEqual({ state: 'warning', msToDue: 15 * 60_000 });
    expect(slaReadingAt(running, at('2026-12-07T11:00:00.000Z'))).toEqual({ state: 'breached', msToDue: 0 });
    expect(slaReadingAt(running, at('2026-12-07T11:05:00.000Z'))).toEqual({ state: 'breached', msToDue: -5 * 60_000 });
  });

  it('keeps what the API read: a warning stays a warning, a breach a breach, and paused, met and missed stay', () => {
    const warning = { ...running, state: 'warning' as const };
    expect(slaReadingAt(warning, at('2026-12-07T10:10:00.000Z')).state).toBe('warning');
    const breached = { ...running, state: 'breached' as const };
    expect(slaReadingAt(breached, at('2026-12-07T11:30:00.000Z'))).toEqual({
      state: 'breached',
      msToDue: -30 * 60_000,
    });
    for (const state of ['paused', 'met', 'missed'] as const)
      expect(slaReadingAt({ state, targetMinutes: 60, elapsedMinutes: 70 }, at('2026-12-08T00:00:00.000Z'))).toEqual({
        state,
      });
  });
});

describe('the target a queue row shows', () => {
  const met: SlaReading = { state: 'met', targetMinutes: 60, elapsedMinutes: 12 };
  const later: SlaReading = {
    state: 'running',
    targetMinutes: 60,
    elapsedMinutes: 1,
    dueAt: '2026-12-08T11:00:00.000Z',
  };

  it('is the counting target due soonest, then a paused one, then the resolution as it ended', () => {
    expect(nextSlaTarget({ policyName: 'p', firstResponse: later, resolution: running })?.target).toBe('resolution');
    expect(nextSlaTarget({ policyName: 'p', firstResponse: running, resolution: later })?.target).toBe('firstResponse');
    expect(nextSlaTarget({ policyName: 'p', firstResponse: met, resolution: later })?.target).toBe('resolution');
    const paused: SlaReading = { state: 'paused', targetMinutes: 480, elapsedMinutes: 30 };
    expect(nextSlaTarget({ policyName: 'p', firstResponse: met, resolution: paused })?.reading).toBe(paused);
    const missed: SlaReading = { state: 'missed', targetMinutes: 480, elapsedMinutes: 600 };
    expect(nextSlaTarget({ policyName: 'p', firstResponse: met, resolution: missed })).toEqual({
      target: 'resolution',
      reading: missed,
    });
    expect(nextSlaTarget({ policyName: 'p' })).toBeUndefined();
  });
});
