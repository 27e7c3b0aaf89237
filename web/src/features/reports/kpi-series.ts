import type { operations } from '../../lib/api/schema.d.ts';
import { bucketKeyOf, bucketOf, bucketsOf } from '../../lib/day-range.ts';

/** The API's KPI report, as generated from docs/openapi.json. */
export type KpiReport = operations['GetKpis']['responses'][200]['content']['application/json'];
type Money = Record<string, number>;

/** Every currency the report has money in, sorted. */
export function currenciesOf(report: KpiReport): string[] {
  const moneys: Money[] = [
    report.revenue.newBusiness,
    report.revenue.expansion,
    report.revenue.renewal,
    report.campaignSpend,
    report.pipeline.value,
    report.pipeline.weightedForecast,
    ...report.series.map((point) => point.revenue),
    ...report.campaigns.flatMap((campaign) => [campaign.spend, campaign.revenue]),
  ];
  return [...new Set(moneys.flatMap((money) => Object.keys(money)))].sort();
}

export interface ActivityPoint {
  bucket: string;
  newCustomers: number;
  churnedCustomers: number;
  wonDeals: number;
  npsResponses: number;
}

/** New and churned customers, won deals and survey responses per bucket, zeros where nothing happened. */
export function activitySeries(report: KpiReport): ActivityPoint[] {
  const bucket = bucketOf(report.period);
  const points = new Map<string, ActivityPoint>(
    bucketsOf(report.period, bucket).map((key) => [
      key,
      { bucket: key, newCustomers: 0, churnedCustomers: 0, wonDeals: 0, npsResponses: 0 },
    ]),
  );
  for (const day of report.series) {
    const point = points.get(bucketKeyOf(day.day, bucket));
    if (!point) continue;
    point.newCustomers += day.newCustomers;
    point.churnedCustomers += day.churnedCustomers;
    point.wonDeals += day.wonDeals;
    point.npsResponses += day.npsResponses;
  }
  return [...points.values()];
}

/** Won revenue per bucket, by currency (every currency of the report, zero where nothing was won). */
export function revenueSeries(report: KpiReport): { bucket: string; amounts: Money }[] {
  const bucket = bucketOf(report.period);
  const currencies = currenciesOf(report);
  const points = new Map(
    bucketsOf(report.period, bucket).map((key) => [
      key,
      { bucket: key, amounts: Object.fromEntries(currencies.map((currency) => [currency, 0])) as Money },
    ]),
  );
  for (const day of report.series) {
    const point = points.get(bucketKeyOf(day.day, bucket));
    if (!point) continue;
    for (const [currency, amount] of Object.entries(day.revenue))
      point.amounts[currency] = Math.round(((point.amounts[currency] ?? 0) + amount) * 100) / 100;
  }
  return [...points.values()];
}

export const revenueTypes = ['newBusiness', 'expansion', 'renewal'] as const;

/** Revenue of the period by type (new business, expansion, renewal), by currency. */
export function revenueByType(report: KpiReport): { type: (typeof revenueTypes)[number]; amounts: Money }[] {
  const currencies = currenciesOf(report);
  return revenueTypes.map((type) => ({
    type,
    amounts: Object.fromEntries(currencies.map((currency) => [currency, report.revenue[type][currency] ?? 0])),
  }));
}

/** How the customer base moved: at the start, won, lost, at the end. */
export function customerMovement(
  report: KpiReport,
): { step: 'atStart' | 'new' | 'churned' | 'atEnd'; customers: number }[] {
  const { atStart, new: won, churned, atEnd } = report.customers;
  return [
    { step: 'atStart', customers: atStart },
    { step: 'new', customers: won },
    { step: 'churned', customers: churned },
    { step: 'atEnd', customers: atEnd },
  ];
}

/** NPS answers by group (empty when nobody answered). */
export function npsGroups(report: KpiReport): { group: 'promoters' | 'passives' | 'detractors'; answers: number }[] {
  if (report.nps.responses === 0) return [];
  return (['promoters', 'passives', 'detractors'] as const).map((group) => ({ group, answers: report.nps[group] }));
}

/** Each campaign's return on its spend in one currency (campaigns without a ROI in it are left out). */
export function campaignRoi(report: KpiReport, currency: string): { campaignId: string; roi: number }[] {
  return report.campaigns.flatMap((campaign) => {
    const roi = campaign.roi[currency];
    return typeof roi === 'number' ? [{ campaignId: campaign.campaignId, roi }] : [];
  });
}

/** The open pipeline now, by currency: its value and its probability-weighted forecast. */
export function pipelineByCurrency(report: KpiReport): { currency: string; value: number; weightedForecast: number }[] {
  const currencies = [
    ...new Set([...Object.keys(report.pipeline.value), ...Object.keys(report.pipeline.weightedForecast)]),
  ].sort();
  return currencies.map((currency) => ({
    currency,
    value: report.pipeline.value[currency] ?? 0,
    weightedForecast: report.pipeline.weightedForecast[currency] ?? 0,
  }));
}
