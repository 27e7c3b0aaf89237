import { noonOf } from './day-range';
import type { Formatters } from './format';

/** A chart's bucket as a reader names it: a date (YYYY-MM-DD), or a month and year (YYYY-MM), in their calendar. */
export function bucketLabel(format: Formatters, bucket: string): string {
  if (bucket.length === 10) return format.date(noonOf(bucket));
  return new Intl.DateTimeFormat(format.language.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(noonOf(`${bucket}-15`)),
  );
}
