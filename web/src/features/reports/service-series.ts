import type { operations } from '../../lib/api/schema.d.ts';

/** The API's service KPI report, as generated from docs/openapi.json. */
export type ServiceReport = operations['GetServiceKpis']['responses'][200]['content']['application/json'];
export type MinutesBand = NonNullable<ServiceReport['firstResponse']['median']>;

/** A duration in the unit a person reads it in: minutes up to two hours, hours up to two days, then days. */
export function durationParts(minutes: number): { value: number; unit: 'minutes' | 'hours' | 'days' } {
  if (minutes <= 120) return { value: minutes, unit: 'minutes' };
  if (minutes <= 48 * 60) return { value: Math.round((minutes / 60) * 10) / 10, unit: 'hours' };
  return { value: Math.round((minutes / 1440) * 10) / 10, unit: 'days' };
}

/**
 * How a quantile's bucket is said: from the bound below it to its own (`from`–`to`), "up to" the first
 * bound, "over" the last. The report gives buckets, not points, so the screen does not pretend otherwise.
 */
export function bandParts(band: MinutesBand): { kind: 'between' | 'upTo' | 'over'; from?: number; to?: number } {
  if (band.atMostMinutes === null) return { kind: 'over', from: band.moreThanMinutes ?? 0 };
  if (band.moreThanMinutes === null) return { kind: 'upTo', to: band.atMostMinutes };
  return { kind: 'between', from: band.moreThanMinutes, to: band.atMostMinutes };
}
