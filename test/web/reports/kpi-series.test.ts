import { describe, expect, it } from 'vitest';
import {
  activitySeries,
  campaignRoi,
  currenciesOf,
  customerMovement,
  npsGroups,
  pipelineByCurrency,
  revenueByType,
  revenueSeries,
  type KpiReport,
} from '../../../web/src/features/reports/kpi-series.ts';
import { bucketOf, bucketsOf, presetOf, presetRange, rangeFromSearch } from '../../../web/src/lib/day-range.ts';

/** A KPI report as GET /reports/kpis answers it, with what a test changes. */
function aReport(overrides: Partial<KpiReport> = {}): KpiReport {
  return {
    period: { from: '2026-11-01', to: '2026-11-05' },
    customers: { atStart: 10, new: 3, churned: 1, atEnd: 12 },
    newCustomers: 3,
    churnRate: 0.1,
    retentionRate: 0.9,
    customerBaseGrowthRate: 0.2,
    renewalRate: null,
    newContacts: 40,
    leadToCustomerConversionRate: 0.075,
    revenue: { newBusiness: { EUR: 1000, USD: 500 }, expansion: { EUR: 200 }, renewal: {} },
    expansionRevenue: { EUR: 200 },
    campaignSpend: { EUR: 300 },
    customerAcquisitionCost: { EUR: 100 },
    nps: { score: 20, responses: 10, promoters: 4, passives: 4, detractors: 2 },
    csat: { satisfiedRate: null, average: null, responses: 0 },
    customerEffortScore: { average: null, responses: 0 },
    campaigns: [
      { campaignId: 'c1', spend: { EUR: 300 }, revenue: { EUR: 900 }, wonDeals: 1, roi: { EUR: 2 } },
      { campaignId: 'c2', spend: { GBP: 50 }, revenue: {}, wonDeals: 0, roi: { GBP: null } },
    ],
    forms: [],
    series: [
      {
        day: '2026-11-02',
        newCustomers: 2,
        churnedCustomers: 0,
        wonDeals: 2,
        revenue: { EUR: 700.1 },
        npsResponses: 3,
      },
      {
        day: '2026-11-04',
        newCustomers: 1,
        churnedCustomers: 1,
        wonDeals: 1,
        revenue: { EUR: 500.2, USD: 500 },
        npsResponses: 0,
      },
      { day: '2026-10-31', newCustomers: 9, churnedCustomers: 9, wonDeals: 9, revenue: { EUR: 9 }, npsResponses: 9 },
    ],
    pipeline: { openDeals: 4, value: { EUR: 10_000, USD: 2000 }, weightedForecast: { EUR: 3000 } },
    ...overrides,
  };
}

describe('turning the KPI report into chart series', () => {
  it('puts every day of a short period on the axis, zero where nothing happened, and nothing outside it', () => {
    const series = activitySeries(aReport());
    expect(series.map((point) => point.bucket)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(series.map((point) => [point.newCustomers, point.churnedCustomers])).toEqual([
      [0, 0],
      [2, 0],
      [0, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('sums a long period by month', () => {
    const period = { from: '2026-01-15', to: '2026-04-02' };
    expect(bucketOf(period)).toBe('month');
    expect(bucketsOf(period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    const series = activitySeries(
      aReport({
        period,
        series: [
          {
            day: '2026-02-01',
            newCustomers: 1,
            churnedCustomers: 0,
            wonDeals: 1,
            revenue: { EUR: 10 },
            npsResponses: 0,
          },
          {
            day: '2026-02-28',
            newCustomers: 2,
            churnedCustomers: 1,
            wonDeals: 2,
            revenue: { EUR: 5 },
            npsResponses: 1,
          },
        ],
      }),
    );
    expect(series.find((point) => point.bucket === '2026-02')).toEqual({
      bucket: '2026-02',
      newCustomers: 3,
      churnedCustomers: 1,
      wonDeals: 3,
      npsResponses: 1,
    });
    expect(bucketOf({ from: '2026-01-01', to: '2026-03-04' })).toBe('day');
  });

  it('keeps revenue per currency, every currency of the report in every bucket', () => {
    const report = aReport();
    expect(currenciesOf(report)).toEqual(['EUR', 'GBP', 'USD']);
    const revenue = revenueSeries(report);
    expect(revenue[1]).toEqual({ bucket: '2026-11-02', amounts: { EUR: 700.1, GBP: 0, USD: 0 } });
    expect(revenue[3]).toEqual({ bucket: '2026-11-04', amounts: { EUR: 500.2, GBP: 0, USD: 500 } });
    expect(revenueByType(report)).toEqual([
      { type: 'newBusiness', amounts: { EUR: 1000, GBP: 0, USD: 500 } },
      { type: 'expansion', amounts: { EUR: 200, GBP: 0, USD: 0 } },
      { type: 'renewal', amounts: { EUR: 0, GBP: 0, USD: 0 } },
    ]);
  });

  it('shows the customer base, NPS groups, campaign ROI and the open pipeline as the report has them', () => {
    const report = aReport();
    expect(customerMovement(report)).toEqual([
      { step: 'atStart', customers: 10 },
      { step: 'new', customers: 3 },
      { step: 'churned', customers: 1 },
      { step: 'atEnd', customers: 12 },
    ]);
    expect(npsGroups(report)).toEqual([
      { group: 'promoters', answers: 4 },
      { group: 'passives', answers: 4 },
      { group: 'detractors', answers: 2 },
    ]);
    expect(
      npsGroups(aReport({ nps: { score: null, responses: 0, promoters: 0, passives: 0, detractors: 0 } })),
    ).toEqual([]);
    expect(campaignRoi(report, 'EUR')).toEqual([{ campaignId: 'c1', roi: 2 }]);
    // A campaign without won revenue has no ROI (null), so it is left out rather than drawn as zero.
    expect(campaignRoi(report, 'GBP')).toEqual([]);
    expect(pipelineByCurrency(report)).toEqual([
      { currency: 'EUR', value: 10_000, weightedForecast: 3000 },
      { currency: 'USD', value: 2000, weightedForecast: 0 },
    ]);
  });
});

describe('report periods', () => {
  const now = new Date('2026-12-02T23:30:00.000Z');

  it('covers the presets in UTC days, up to today', () => {
    expect(presetRange('thisMonth', now)).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(presetRange('lastMonth', now)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(presetRange('last30Days', now)).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(presetRange('thisQuarter', now)).toEqual({ from: '2026-10-01', to: '2026-12-02' });
    expect(presetRange('thisYear', now)).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(presetRange('lastMonth', new Date('2026-01-10T00:00:00.000Z'))).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  it('reads the period from the URL, and this month when the URL has none or nonsense', () => {
    expect(rangeFromSearch(new URLSearchParams('from=2026-03-01&to=2026-03-31'), now)).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
    });
    for (const search of ['', 'from=2026-03-31&to=2026-03-01', 'from=yesterday&to=2026-03-01'])
      expect(rangeFromSearch(new URLSearchParams(search), now)).toEqual({ from: '2026-12-01', to: '2026-12-02' });
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, now)).toBe('lastMonth');
    expect(presetOf({ from: '2026-11-02', to: '2026-11-30' }, now)).toBeUndefined();
  });
});
