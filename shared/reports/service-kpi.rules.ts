import { ratioOf } from '../common/ratio.ts';
import type { SurveyKind, SurveyResponse } from '../surveys/survey.schema.ts';
import { addCounts, type Counts } from './kpi-counters.ts';
import type { DayCounts } from './kpi.rules.ts';

/**
 * The service desk's day counters, kept apart from the company-wide `KPI / DAY` item (as campaign
 * results are): every counter exists once company-wide and once under `team#<teamId>#` for the
 * ticket's team, so a team's dashboard reads the same items.
 *
 * Durations (first response, resolution) are counted into fixed histogram buckets of minutes, so the
 * days' counters merge by addition and a period's median and 90th percentile come from O(days) items.
 * Below 3 minutes the buckets are a minute wide; up to a week each bound is at most a third above the
 * one before, past a week at most a half, up to 30 days (then one open bucket). A quantile is known to
 * lie in its bucket, `(moreThanMinutes, atMostMinutes]`, which is what the report gives rather than a
 * made-up point inside it.
 */
export const durationBucketBounds = [
  0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 90, 120, 150, 180, 240, 300, 360, 480, 600, 720, 960,
  1200, 1440, 1920, 2400, 2880, 3840, 4800, 5760, 7200, 8640, 10080, 14400, 20160, 28800, 43200,
] as const;

export type DurationMetric = 'firstResponse' | 'resolution';
/** Status kinds a ticket still needs work in: the backlog. */
export const backlogKinds = ['new', 'open', 'waiting'] as const;
export type BacklogKind = (typeof backlogKinds)[number];
const isBacklogKind = (kind: string | undefined): kind is BacklogKind =>
  (backlogKinds as readonly string[]).includes(kind ?? '');

/** The bucket's counter suffix: its upper bound in minutes, `inf` past the last bound. */
export function bucketOf(minutes: number): string {
  const bound = durationBucketBounds.find((upper) => minutes <= upper);
  return bound === undefined ? 'inf' : String(bound);
}

/** Whole minutes, rounded up: a reply 10 seconds after the ticket came in took a minute, not none. */
export const minutesOf = (millis: number) => Math.max(0, Math.ceil(millis / 60_000));

/** Every counter once company-wide and once for the team (when the ticket has one). */
function scoped(counts: Counts, teamId: string | undefined): Counts {
  const all: Counts = { ...counts };
  if (teamId) for (const [name, value] of Object.entries(counts)) all[`team#${teamId}#${name}`] = value;
  return all;
}

export const ticketOpenedCounts = (teamId?: string): Counts => scoped({ opened: 1 }, teamId);

export function durationCounts(metric: DurationMetric, minutes: number, teamId?: string): Counts {
  return scoped(
    { [`${metric}#count`]: 1, [`${metric}#minutes`]: minutes, [`${metric}#le#${bucketOf(minutes)}`]: 1 },
    teamId,
  );
}

/** A ticket's first resolution: its resolution time, and whether it was reached without an SLA breach. */
export function resolutionCounts(minutes: number, slaMet: boolean, teamId?: string): Counts {
  return addCounts(
    durationCounts('resolution', minutes, teamId),
    scoped({ resolved: 1, [slaMet ? 'sla#met' : 'sla#missed']: 1 }, teamId),
  );
}

/** A breach learnt of after the resolution it came before was counted as met (events arrive in any order). */
export const breachAfterCountingCounts = (teamId?: string): Counts =>
  scoped({ 'sla#met': -1, 'sla#missed': 1 }, teamId);

export const breachCounts = (metric: DurationMetric, teamId?: string): Counts =>
  scoped({ [`sla#breached#${metric}`]: 1 }, teamId);

export const reopenedCounts = (teamId?: string): Counts => scoped({ reopened: 1 }, teamId);

/**
 * The backlog is counted on the day each ticket was opened (so its age is known when it is read):
 * a status move takes one from the old kind and adds one to the new, for the ticket's team too.
 */
export function backlogMoveCounts(fromKind: string | undefined, toKind: string, teamId?: string): Counts {
  const counts: Counts = {};
  if (isBacklogKind(fromKind)) counts[`backlog#${fromKind}`] = -1;
  if (isBacklogKind(toKind)) counts[`backlog#${toKind}`] = (counts[`backlog#${toKind}`] ?? 0) + 1;
  return scoped(withoutZeros(counts), teamId);
}

/**
 * A ticket moved between teams: its backlog count moves from the old team's counters to the new one's
 * (the company-wide count stays). Every event carries the state before and after its own write, so
 * the moves add up to the right backlog whatever order the events are counted in.
 */
export function backlogTeamMoveCounts(kind: string | undefined, fromTeamId?: string, toTeamId?: string): Counts {
  if (!isBacklogKind(kind) || fromTeamId === toTeamId) return {};
  return {
    ...(fromTeamId ? { [`team#${fromTeamId}#backlog#${kind}`]: -1 } : {}),
    ...(toTeamId ? { [`team#${toTeamId}#backlog#${kind}`]: 1 } : {}),
  };
}

type CountedAnswer = Pick<SurveyResponse, 'kind' | 'score' | 'category'>;

/** A ticket's CSAT or CES answer (a changed answer moves its counts), counted on the day it was first given. */
export function ticketSurveyCounts(previous: CountedAnswer | undefined, current: CountedAnswer, teamId?: string) {
  const counts: Counts = {};
  const count = (answer: CountedAnswer, sign: 1 | -1) =>
    addCounts(counts, {
      [`${answer.kind}#responses`]: sign,
      [`${answer.kind}#${answer.category}`]: sign,
      [`${answer.kind}#scoreSum`]: sign * answer.score,
    });
  if (previous) count(previous, -1);
  count(current, 1);
  return scoped(withoutZeros(counts), teamId);
}

const withoutZeros = (counts: Counts): Counts => Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== 0));

/** Where a quantile lies: in `(moreThanMinutes, atMostMinutes]`; `atMostMinutes` is null past the last bound. */
export interface MinutesBand {
  moreThanMinutes: number | null;
  atMostMinutes: number | null;
}

/** The bucket holding the value of rank ⌈q·n⌉ (nearest rank), from the period's bucket counts. */
export function quantileBand(counts: Counts, metric: DurationMetric, q: number): MinutesBand | null {
  const total = counts[`${metric}#count`] ?? 0;
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  let previous: number | null = null;
  for (const bound of durationBucketBounds) {
    seen += counts[`${metric}#le#${bound}`] ?? 0;
    if (seen >= rank) return { moreThanMinutes: previous, atMostMinutes: bound };
    previous = bound;
  }
  return { moreThanMinutes: previous, atMostMinutes: null };
}

function durationFigures(counts: Counts, metric: DurationMetric) {
  const count = counts[`${metric}#count`] ?? 0;
  const histogram = [...durationBucketBounds, null].flatMap((bound) => {
    const inBucket = counts[`${metric}#le#${bound ?? 'inf'}`] ?? 0;
    return inBucket ? [{ atMostMinutes: bound, tickets: inBucket }] : [];
  });
  return {
    tickets: count,
    averageMinutes: ratioOf(counts[`${metric}#minutes`] ?? 0, count),
    median: quantileBand(counts, metric, 0.5),
    p90: quantileBand(counts, metric, 0.9),
    histogram,
  };
}

function surveyFigures(counts: Counts, kind: Extract<SurveyKind, 'csat' | 'ces'>) {
  const n = (name: string) => counts[`${kind}#${name}`] ?? 0;
  return {
    responses: n('responses'),
    average: ratioOf(n('scoreSum'), n('responses')),
    /** CSAT: answers of 4–5 (satisfied); CES: answers of 6–7 (found it easy). */
    positiveRate: ratioOf(n('promoter'), n('responses')),
    negativeRate: ratioOf(n('detractor'), n('responses')),
  };
}

export const ageBands = ['today', '1-3d', '4-7d', '8-30d', 'over-30d'] as const;
export type AgeBand = (typeof ageBands)[number];

/** How old a ticket opened on `day` is on `today`, in whole UTC days, as a band. */
export function ageBandOf(day: string, today: string): AgeBand {
  const days = Math.round((Date.parse(today) - Date.parse(day)) / 86_400_000);
  if (days <= 0) return 'today';
  if (days <= 3) return '1-3d';
  if (days <= 7) return '4-7d';
  if (days <= 30) return '8-30d';
  return 'over-30d';
}

/**
 * The service KPIs of [from, to] (days, inclusive) from the service day items, for every team or one:
 * tickets opened, resolved (first resolutions) and reopened, first response and resolution times
 * (median and 90th percentile as buckets), SLA attainment, CSAT and CES of tickets, and the backlog
 * as it is now, by status kind and by age (from the days the open tickets were opened). Pure.
 */
export function computeServiceKpis(
  days: readonly DayCounts[],
  period: { from: string; to: string; today: string; teamId?: string },
) {
  const prefix = period.teamId ? `team#${period.teamId}#` : '';
  const own = (counts: Counts): Counts => {
    const found: Counts = {};
    for (const [name, value] of Object.entries(counts)) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      // Company-wide figures leave the teams' copies out.
      if (!prefix && rest.startsWith('team#')) continue;
      found[rest] = value;
    }
    return found;
  };
  const within: Counts = {};
  const series: { day: string; opened: number; resolved: number; reopened: number }[] = [];
  const byKind: Record<BacklogKind, number> = { new: 0, open: 0, waiting: 0 };
  const byAge: Record<AgeBand, number> = { today: 0, '1-3d': 0, '4-7d': 0, '8-30d': 0, 'over-30d': 0 };
  for (const day of days) {
    const counts = own(day.counts);
    for (const kind of backlogKinds) {
      const open = counts[`backlog#${kind}`] ?? 0;
      byKind[kind] += open;
      byAge[ageBandOf(day.day, period.today)] += open;
    }
    if (day.day < period.from || day.day > period.to) continue;
    addCounts(within, counts);
    const [opened, resolved, reopened] = [counts.opened ?? 0, counts.resolved ?? 0, counts.reopened ?? 0];
    if (opened || resolved || reopened) series.push({ day: day.day, opened, resolved, reopened });
  }
  const n = (name: string) => within[name] ?? 0;
  const met = n('sla#met');
  const missed = n('sla#missed');
  return {
    period: { from: period.from, to: period.to },
    ...(period.teamId ? { teamId: period.teamId } : {}),
    opened: n('opened'),
    resolved: n('resolved'),
    reopened: n('reopened'),
    reopenRate: ratioOf(n('reopened'), n('resolved')),
    firstResponse: durationFigures(within, 'firstResponse'),
    resolution: durationFigures(within, 'resolution'),
    sla: {
      met,
      missed,
      attainment: ratioOf(met, met + missed),
      breaches: { firstResponse: n('sla#breached#firstResponse'), resolution: n('sla#breached#resolution') },
    },
    csat: surveyFigures(within, 'csat'),
    ces: surveyFigures(within, 'ces'),
    backlog: {
      asOf: period.today,
      total: backlogKinds.reduce((total, kind) => total + byKind[kind], 0),
      byStatusKind: byKind,
      byAge: ageBands.map((band) => ({ band, tickets: byAge[band] })),
    },
    series,
  };
}
export type ServiceKpis = ReturnType<typeof computeServiceKpis>;
