import type * as z from 'zod';
import { ar, fa } from 'zod/locales';
import { numberFormatHint, parseNumberText } from '#shared/common/numbers.ts';
import { RecordSpendRequest } from '#shared/reports/campaign-spend.schema.ts';
import { bucketKeyOf, bucketOf, bucketsOf } from '../../lib/day-range.ts';
import { fieldErrorsOf, withoutBlanks } from '../../lib/zod-form.ts';
import type { operations } from '../../lib/api/schema.d.ts';

/** A campaign's results over a period: the `campaign` section of the KPI report asked with `campaignId`. */
export type CampaignResults = NonNullable<
  operations['GetKpis']['responses'][200]['content']['application/json']['campaign']
>;

/** What a campaign's emails did, in the order the results screen lists them. */
export const resultCounters = [
  'sent',
  'opened',
  'clicked',
  'replied',
  'converted',
  'unsubscribed',
  'bounced',
  'complained',
] as const;
export type ResultCounter = (typeof resultCounters)[number];

export type ResultPoint = { bucket: string } & Record<ResultCounter, number>;

/**
 * The campaign's counters per bucket of the period (a day, or a month for a long period, as Reports draws), every
 * bucket present and zero where nothing happened (the API lists only days with activity).
 */
export function resultsSeries(results: CampaignResults): ResultPoint[] {
  const bucket = bucketOf(results.period);
  const zero = () => Object.fromEntries(resultCounters.map((counter) => [counter, 0])) as Record<ResultCounter, number>;
  const points = new Map<string, ResultPoint>(
    bucketsOf(results.period, bucket).map((key) => [key, { bucket: key, ...zero() }]),
  );
  for (const day of results.series) {
    const point = points.get(bucketKeyOf(day.day, bucket));
    if (!point) continue;
    for (const counter of resultCounters) point[counter] += day[counter];
  }
  return [...points.values()];
}

/** Per currency the campaign has revenue or spend in: the revenue credited to it, its spend, and its ROI. */
export function roiByCurrency(
  results: CampaignResults,
): { currency: string; revenue: number; spend: number; roi: number | null }[] {
  const currencies = [
    ...new Set([
      ...Object.keys(results.totals.revenue),
      ...Object.keys(results.totals.spend),
      ...Object.keys(results.roi),
    ]),
  ].sort();
  return currencies.map((currency) => ({
    currency,
    revenue: results.totals.revenue[currency] ?? 0,
    spend: results.totals.spend[currency] ?? 0,
    roi: results.roi[currency] ?? null,
  }));
}

export interface SpendFormValues {
  amount: string;
  currency: string;
  date: string;
  note: string;
}

// The schema's own messages in the reader's language (zod's locales); the domain's messages are English.
const localeErrors: Record<string, z.core.$ZodErrorMap | undefined> = { fa: fa().localeError, ar: ar().localeError };

/**
 * The spend a form describes, as `POST /campaigns/{id}/spend` takes it, or each field's error by the API's own
 * schema. The amount is read as people type it (Persian or Arabic-Indic digits, `٫` as the decimal point).
 */
export function spendRequestOf(
  values: SpendFormValues,
  language = 'en',
): { request: RecordSpendRequest; errors?: undefined } | { request?: undefined; errors: Record<string, string> } {
  const amount = parseNumberText(values.amount);
  const filled = withoutBlanks({ ...values, currency: values.currency.trim().toUpperCase(), amount });
  const error = localeErrors[language];
  const result = RecordSpendRequest.safeParse(filled, error ? { error } : undefined);
  const errors = result.success ? {} : fieldErrorsOf(result.error.issues);
  // Typed but not a number: say which forms of a number are read, rather than that none was given.
  if (values.amount.trim() && amount === undefined) errors.amount = `must be ${numberFormatHint}`;
  return result.success && !errors.amount ? { request: result.data } : { errors };
}
