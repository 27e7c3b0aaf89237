import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCounts, type Counts } from '#shared/reports/kpi-counters.ts';
import type { DayCounts } from '#shared/reports/kpi.rules.ts';
import {
  ageBandOf,
  backlogMoveCounts,
  backlogTeamMoveCounts,
  bucketOf,
  computeServiceKpis,
  durationBucketBounds,
  durationCounts,
  minutesOf,
  quantileBand,
} from '#shared/reports/service-kpi.rules.ts';

describe('duration buckets', () => {
  it('puts a duration in the first bucket whose bound it does not pass, and past the last in inf', () => {
    expect(bucketOf(0)).toBe('0');
    expect(bucketOf(1)).toBe('1');
    expect(bucketOf(7)).toBe('8');
    expect(bucketOf(60)).toBe('60');
    expect(bucketOf(61)).toBe('75');
    expect(bucketOf(43_200)).toBe('43200');
    expect(bucketOf(43_201)).toBe('inf');
  });

  it('grows each bound by at most a third over the one before up to a week, by at most a half past it', () => {
    const ratios = durationBucketBounds
      .slice(4)
      .map((bound, index) => [bound, bound / durationBucketBounds[index + 3]!]);
    const upToAWeek = ratios.filter(([bound]) => bound! <= 7 * 24 * 60).map(([, ratio]) => ratio!);
    expect(Math.max(...upToAWeek)).toBeLessThanOrEqual(4 / 3);
    expect(Math.max(...ratios.map(([, ratio]) => ratio!))).toBeLessThanOrEqual(3 / 2);
  });

  it('counts a started minute as a minute', () => {
    expect(minutesOf(0)).toBe(0);
    expect(minutesOf(10_000)).toBe(1);
    expect(minutesOf(60_000)).toBe(1);
    expect(minutesOf(60_001)).toBe(2);
  });
});

describe('quantiles from merged day buckets', () => {
  it('finds the bucket of the nearest-rank quantile, whichever days the durations were counted on', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (minutes, days) => {
          // Counted on several days, then merged as the report merges a period's days.
          const perDay: Counts[] = Array.from({ length: days }, () => ({}));
          minutes.forEach((value, index) => addCounts(perDay[index % days]!, durationCounts('resolution', value)));
          const merged = perDay.reduce((into, counts) => addCounts(into, counts), {});
          const sorted = [...minutes].sort((a, b) => a - b);
          for (const q of [0.5, 0.9]) {
            const exact = sorted[Math.ceil(q * sorted.length) - 1]!;
            const band = quantileBand(merged, 'resolution', q)!;
            expect(exact).toBeGreaterThan(band.moreThanMinutes ?? -1);
            if (band.atMostMinutes !== null) expect(exact).toBeLessThanOrEqual(band.atMostMinutes);
            expect(bucketOf(exact)).toBe(String(band.atMostMinutes ?? 'inf'));
          }
        },
      ),
    );
  });

  it('has no quantile without tickets', () => {
    expect(quantileBand({}, 'firstResponse', 0.5)).toBeNull();
  });
});

describe('backlog counters', () => {
  it('moves a ticket between backlog kinds and leaves resolved and closed out', () => {
    expect(backlogMoveCounts(undefined, 'new')).toEqual({ 'backlog#new': 1 });
    expect(backlogMoveCounts('new', 'open', 'T')).toEqual({
      'backlog#new': -1,
      'backlog#open': 1,
      'team#T#backlog#new': -1,
      'team#T#backlog#open': 1,
    });
    expect(backlogMoveCounts('open', 'resolved')).toEqual({ 'backlog#open': -1 });
    expect(backlogMoveCounts('resolved', 'closed')).toEqual({});
  });

  it('moves a ticket’s backlog count between teams only, the company-wide count staying', () => {
    expect(backlogTeamMoveCounts('waiting', 'A', 'B')).toEqual({
      'team#A#backlog#waiting': -1,
      'team#B#backlog#waiting': 1,
    });
    expect(backlogTeamMoveCounts('resolved', 'A', 'B')).toEqual({});
    expect(backlogTeamMoveCounts('open', 'A', 'A')).toEqual({});
  });

  it('bands the age of the day a ticket was opened', () => {
    expect(
      ['2026-11-06', '2026-11-05', '2026-11-03', '2026-11-02', '2026-10-30', '2026-10-07', '2026-10-06'].map((day) =>
        ageBandOf(day, '2026-11-06'),
      ),
    ).toEqual(['today', '1-3d', '1-3d', '4-7d', '4-7d', '8-30d', 'over-30d']);
  });

  it('reads the backlog from every day, whatever the period, and a team’s without the company-wide counts', () => {
    const days: DayCounts[] = [
      { day: '2026-09-01', counts: { 'backlog#open': 2, 'team#T#backlog#open': 1 } },
      { day: '2026-11-06', counts: { 'backlog#new': 1, opened: 1 } },
    ];
    const all = computeServiceKpis(days, { from: '2026-11-06', to: '2026-11-06', today: '2026-11-06' });
    expect(all.backlog).toMatchObject({ total: 3, byStatusKind: { new: 1, open: 2, waiting: 0 } });
    expect(all.opened).toBe(1);
    const team = computeServiceKpis(days, { from: '2026-11-06', to: '2026-11-06', today: '2026-11-06', teamId: 'T' });
    expect(team.backlog).toMatchObject({ total: 1, byAge: expect.arrayContaining([{ band: 'over-30d', tickets: 1 }]) });
    expect(team.opened).toBe(0);
  });
});
