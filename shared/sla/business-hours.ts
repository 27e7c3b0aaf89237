import { DateTime } from 'luxon';
import { minutesOf, type BusinessCalendar, type CalendarWeekday } from './business-calendar.schema.ts';

/** An interval of instants, in epoch milliseconds, start included and end excluded. */
export interface Span {
  start: number;
  end: number;
}

/** A pause of the clock (waiting on the customer): `to` is missing while it lasts. */
export interface Pause {
  from: Date;
  to?: Date;
}

/** Luxon's weekday numbers (ISO: Monday 1 … Sunday 7). */
const weekdayOfIso: Record<number, CalendarWeekday> = {
  1: 'mon',
  2: 'tue',
  3: 'wed',
  4: 'thu',
  5: 'fri',
  6: 'sat',
  7: 'sun',
};

/**
 * How far the walk looks for working time: a calendar whose holidays cover more than two years is
 * refused rather than walked forever.
 */
const longestSearchDays = 2 * 366;
const minuteMs = 60_000;

/**
 * The working spans of a calendar from the local day that holds `from` onwards, as instants, in order.
 * Wall-clock times are resolved in the calendar's zone (Luxon): a start or end that a DST change skips
 * is the moment of the jump, an ambiguous one takes the earlier offset, so a working day that contains
 * a change is an hour shorter or longer, as the people working it feel it.
 */
export function* workingSpans(calendar: BusinessCalendar, from: Date): Generator<Span> {
  const holidays = new Set(calendar.holidays);
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let searched = 0; searched <= longestSearchDays; day = day.plus({ days: 1 })) {
    const periods = holidays.has(day.toISODate() ?? '') ? [] : (calendar.week[weekdayOfIso[day.weekday]!] ?? []);
    if (periods.length === 0) {
      searched += 1;
      continue;
    }
    searched = 0;
    const sorted = [...periods].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const period of sorted) {
      const start = wallClock(day, minutesOf(period.start));
      const end = wallClock(day, minutesOf(period.end));
      if (end > start && end > from.getTime()) yield { start, end };
    }
  }
  throw new RangeError(`The calendar has no working time within ${longestSearchDays} days of ${from.toISOString()}`);
}

/**
 * The instant of a wall-clock time on a local day (`24 * 60` is the next day's midnight). A time that a
 * DST change skips (02:30 when clocks jump from 02:00 to 03:00) is the jump itself, the first instant the
 * clock reads it or later; Luxon would move it on by the gap's length (03:30) instead.
 */
function wallClock(day: DateTime, minutes: number): number {
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  const resolved = day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  const shown = resolved.hour * 60 + resolved.minute;
  if (shown === minutes) return resolved.toMillis();
  // Skipped: the clock read less than `minutes` at `resolved - gap` and reads more at `resolved`. DST
  // changes fall on whole minutes, so a search by minute finds the jump.
  let before = resolved.toMillis() - (shown - minutes) * minuteMs;
  let after = resolved.toMillis();
  while (after - before > minuteMs) {
    const middle = before + Math.floor((after - before) / 2 / minuteMs) * minuteMs;
    const local = DateTime.fromMillis(middle, { zone: day.zone });
    if (local.hasSame(day, 'day') && local.hour * 60 + local.minute < minutes) before = middle;
    else after = middle;
  }
  return after;
}

/** The working time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessMillisBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const end = to.getTime();
  let total = 0;
  for (const span of workingSpans(calendar, from)) {
    if (span.start >= end) break;
    total += Math.max(0, Math.min(span.end, end) - Math.max(span.start, from.getTime()));
  }
  return total;
}

/**
 * The instant at which `amount` milliseconds of working time have passed since `from`. Zero is `from`
 * itself; a positive amount always ends inside (or at the end of) a working span, never in the
 * evening after it, so a target of one working day set at 17:00 falls due at 17:00 on the next one.
 */
export function addBusinessMillis(calendar: BusinessCalendar, from: Date, amount: number): Date {
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`Cannot add ${amount} ms of working time`);
  if (amount === 0) return new Date(from.getTime());
  let remaining = amount;
  for (const span of workingSpans(calendar, from)) {
    const start = Math.max(span.start, from.getTime());
    const available = span.end - start;
    if (available <= 0) continue;
    if (remaining <= available) return new Date(start + remaining);
    remaining -= available;
  }
  /* c8 ignore next: workingSpans throws first */
  throw new RangeError('unreachable');
}

/**
 * The spans of `[start, until)` in which the clock runs: everything but the pauses. Pauses may come
 * in any order and overlap (they are merged); an open pause stops the clock from its start on.
 */
export function runningSpans(start: Date, pauses: readonly Pause[], until = Number.POSITIVE_INFINITY): Span[] {
  const stopped = pauses
    .map((pause) => ({ start: pause.from.getTime(), end: pause.to?.getTime() ?? Number.POSITIVE_INFINITY }))
    .filter((pause) => pause.end > pause.start)
    .sort((a, b) => a.start - b.start);
  const running: Span[] = [];
  let cursor = start.getTime();
  for (const pause of stopped) {
    if (cursor >= until) break;
    if (pause.start > cursor) running.push({ start: cursor, end: Math.min(pause.start, until) });
    cursor = Math.max(cursor, pause.end);
  }
  if (cursor < until) running.push({ start: cursor, end: until });
  return running;
}

/** Working time on an SLA clock that started at `start`, as of `now`, not counting its pauses. */
export function elapsedBusinessMillis(
  calendar: BusinessCalendar,
  start: Date,
  now: Date,
  pauses: readonly Pause[] = [],
): number {
  return runningSpans(start, pauses, now.getTime()).reduce(
    (total, span) => total + businessMillisBetween(calendar, new Date(span.start), new Date(span.end)),
    0,
  );
}

/**
 * When an SLA clock that started at `start` reaches `target` milliseconds of working time, its pauses
 * skipped; `undefined` while an open pause holds the clock before it gets there.
 */
export function businessDeadline(
  calendar: BusinessCalendar,
  start: Date,
  target: number,
  pauses: readonly Pause[] = [],
): Date | undefined {
  let remaining = target;
  for (const span of runningSpans(start, pauses)) {
    const available =
      span.end === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : businessMillisBetween(calendar, new Date(span.start), new Date(span.end));
    if (remaining <= available) return addBusinessMillis(calendar, new Date(span.start), remaining);
    remaining -= available;
  }
  return undefined;
}
