/**
 * Report periods in UTC calendar days (the API's day aggregates are UTC days), both ends inclusive: the presets
 * a period picker offers, the period a URL asks for, and the buckets (days or months) a chart of it draws.
 */

/** A period in UTC calendar days, both ends inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

export const rangePresets = ['thisMonth', 'lastMonth', 'last30Days', 'thisQuarter', 'thisYear'] as const;
export type RangePreset = (typeof rangePresets)[number];

const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (year: number, month: number, date: number) => new Date(Date.UTC(year, month, date));

/** Today as the API counts days (UTC). */
export const todayOf = (now: Date) => day(now);

/** The days a preset covers, ending today at the latest (a period in the future has nothing to count yet). */
export function presetRange(preset: RangePreset, now: Date): DayRange {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const today = day(now);
  switch (preset) {
    case 'thisMonth':
      return { from: day(utc(year, month, 1)), to: today };
    case 'lastMonth':
      return { from: day(utc(year, month - 1, 1)), to: day(utc(year, month, 0)) };
    case 'last30Days':
      return { from: day(utc(year, month, now.getUTCDate() - 29)), to: today };
    case 'thisQuarter':
      return { from: day(utc(year, month - (month % 3), 1)), to: today };
    case 'thisYear':
      return { from: day(utc(year, 0, 1)), to: today };
  }
}

/** The preset a range is, if it is one (so its button shows as chosen). */
export function presetOf(range: DayRange, now: Date): RangePreset | undefined {
  return rangePresets.find((preset) => {
    const candidate = presetRange(preset, now);
    return candidate.from === range.from && candidate.to === range.to;
  });
}

const isDay = (value: string | null): value is string =>
  value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** The range a URL asks for, or this month when it asks for none (or nonsense). */
export function rangeFromSearch(search: URLSearchParams, now: Date): DayRange {
  const from = search.get('from');
  const to = search.get('to');
  return isDay(from) && isDay(to) && from <= to ? { from, to } : presetRange('thisMonth', now);
}

/** A time series is by day for short periods and by month for long ones, so a chart stays readable. */
export type Bucket = 'day' | 'month';
export const bucketOf = (period: DayRange): Bucket =>
  (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 <= 62 ? 'day' : 'month';

/** The bucket a day (YYYY-MM-DD) falls in: the day itself, or its month (YYYY-MM). */
export const bucketKeyOf = (day: string, bucket: Bucket) => (bucket === 'day' ? day : day.slice(0, 7));

/** Every bucket of the period in order (the API lists only days with activity: the others are zero). */
export function bucketsOf(period: DayRange, bucket: Bucket = bucketOf(period)): string[] {
  const keys: string[] = [];
  const cursor = new Date(`${period.from}T00:00:00Z`);
  const end = Date.parse(`${period.to}T00:00:00Z`);
  while (cursor.getTime() <= end) {
    const key = bucketKeyOf(cursor.toISOString().slice(0, 10), bucket);
    if (keys.at(-1) !== key) keys.push(key);
    if (bucket === 'day') cursor.setUTCDate(cursor.getUTCDate() + 1);
    else cursor.setUTCMonth(cursor.getUTCMonth() + 1, 1);
  }
  return keys;
}

/** A calendar day at noon UTC: that same day in every time zone a reader may be in. */
export const noonOf = (day: string) => `${day}T12:00:00Z`;
