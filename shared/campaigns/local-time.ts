import type { weekdays } from './campaign-definition.schema.ts';

type Weekday = (typeof weekdays)[number];
const weekdayOf: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};
const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

/** The wall-clock weekday, hour and minute of an instant in a time zone (DST included, via Intl). */
export function localTime(at: Date, timeZone: string): { weekday: Weekday; hour: number; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    weekday: weekdayOf[parts.weekday as string] as Weekday,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/**
 * The first instant at or after `from` (to the minute) whose local time in `timeZone` has minute
 * `minute` and satisfies `accept(weekday, hour)`. Steps hour by hour, so DST shifts are honoured;
 * a local time that does not exist on a day (skipped by DST) is not matched that day.
 */
export function nextLocalTime(
  from: Date,
  timeZone: string,
  minute: number,
  accept: (weekday: Weekday, hour: number) => boolean,
): Date {
  const start = new Date(Math.ceil(from.getTime() / minuteMs) * minuteMs);
  const offsetToMinute = (((minute - localTime(start, timeZone).minute) % 60) + 60) % 60;
  let candidate = new Date(start.getTime() + offsetToMinute * minuteMs);
  // Eight days of hours covers every weekday, plus a DST shift.
  for (let i = 0; i < 8 * 24 + 2; i++, candidate = new Date(candidate.getTime() + hourMs)) {
    const local = localTime(candidate, timeZone);
    if (local.minute === minute && accept(local.weekday, local.hour)) return candidate;
  }
  throw new Error(`No local time matches in ${timeZone}`);
}

/** Now, if `at` is inside the send window; else the window's next opening (local hour start). */
export function withinSendWindow(
  at: Date,
  window: { days: readonly Weekday[]; startHour: number; endHour: number },
  timeZone: string,
): Date {
  const local = localTime(at, timeZone);
  if (window.days.includes(local.weekday) && local.hour >= window.startHour && local.hour < window.endHour) return at;
  return nextLocalTime(at, timeZone, 0, (weekday, hour) => window.days.includes(weekday) && hour === window.startHour);
}
