/** A report period in UTC calendar days (the KPI aggregates are UTC days), both ends inclusive. */
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
