import * as z from 'zod';
import { TimeZone } from '../common/fields.ts';

export const calendarWeekdays = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type CalendarWeekday = (typeof calendarWeekdays)[number];

const clockTime = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isClockTime = (time: string) => clockTime.test(time);
/** Minutes since local midnight of an `HH:MM` wall-clock time (`24:00` is the day's end). */
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export const WorkingPeriod = z
  .object({
    start: z.string().regex(clockTime, 'must be a wall-clock time such as "09:00"'),
    end: z.string().regex(clockTime, 'must be a wall-clock time such as "17:30", or "24:00" for the end of the day'),
  })
  // Only well-formed times are compared: zod runs refinements after a failed regex too.
  .refine(({ start, end }) => !isClockTime(start) || !isClockTime(end) || minutesOf(start) < minutesOf(end), {
    message: 'must end after it starts (a period past midnight is two periods, one on each day)',
    path: ['end'],
  });
export type WorkingPeriod = z.infer<typeof WorkingPeriod>;

const DayPeriods = z
  .array(WorkingPeriod)
  .max(6)
  .refine((periods) => {
    // Only well-formed periods are compared: zod runs refinements after a failed regex too.
    const sorted = periods
      .filter(({ start, end }) => isClockTime(start) && isClockTime(end))
      .sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    return sorted.every((period, index) => index === 0 || minutesOf(sorted[index - 1]!.end) <= minutesOf(period.start));
  }, 'periods of one day must not overlap');

/**
 * A team's working time: the hours of each weekday in its time zone, and the local dates it does not
 * work. Weekdays without periods are the weekend, so a week that starts on Saturday with Friday off
 * (Iran) or a Friday–Saturday weekend (most of the Arab world) is written as it is.
 */
export const BusinessCalendar = z
  .object({
    timeZone: TimeZone,
    week: z.partialRecord(z.enum(calendarWeekdays), DayPeriods),
    /** Local dates (`YYYY-MM-DD`, in the calendar's time zone) without working time: public holidays. */
    holidays: z.array(z.iso.date('must be a date such as "2027-03-21"')).max(400).default([]),
  })
  .refine((calendar) => Object.values(calendar.week).some((periods) => (periods?.length ?? 0) > 0), {
    message: 'needs working hours on at least one weekday',
    path: ['week'],
  });
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
