import { describe, expect, it } from 'vitest';
import { forecastTable } from '../../cli/forecast-table.ts';
import type { ForecastReport } from '#shared/forecasts/revenue-forecast.rules.ts';

const noError = { wape: null, bias: null, monthsCompared: 0 };
const report: ForecastReport = {
  pipelineId: 'P1',
  currency: 'EUR',
  asOf: '2026-12-07T10:00:00.000Z',
  months: [
    {
      month: '2026-12',
      configured: 12_345.6,
      learned: 23_456,
      trend: { value: 30_000, band80: { low: 20_000, high: 40_000 }, band95: { low: 10_000, high: 50_000 } },
    },
    { month: '2027-01', configured: 0, learned: 0, trend: null },
  ],
  stages: [
    {
      stageId: 'lead-in',
      configuredProbability: 0.1,
      learnedProbability: 0.157,
      interval: { low: 0.143, high: 0.173 },
      sampleSize: 2239,
      medianDaysToWin: 59.19,
      basis: 'learned',
    },
    {
      stageId: 'qualified',
      configuredProbability: 0.25,
      learnedProbability: null,
      interval: null,
      sampleSize: 0,
      medianDaysToWin: null,
      basis: 'configured',
    },
  ],
  trend: {
    model: 'holt-linear',
    reason: "12 months: fewer than two seasons (24), so Holt's linear trend.",
    monthsUsed: 12,
  },
  backTest: {
    months: [],
    errors: { configured: { wape: 0.472, bias: 0.313, monthsCompared: 12 }, learned: noError, trend: noError },
  },
};

describe('the forecast as printed by npm run report -- forecast', () => {
  const lines = forecastTable(report).split('\n');

  it('prints each month with both weighted views and the trend with its 80 % band', () => {
    expect(lines).toContain('2026-12       12,346       23,456       30,000  (20,000 – 40,000)');
    expect(lines.find((line) => line.startsWith('2027-01'))).toMatch(/^2027-01\s+0\s+0\s+–\s*$/);
    expect(lines).toContain("Trend: 12 months: fewer than two seasons (24), so Holt's linear trend.");
  });

  it('prints each stage with both probabilities, the interval, the sample and which one was used', () => {
    const leadIn = lines.find((line) => line.startsWith('lead-in'))!;
    expect(leadIn).toMatch(/10\.0 %\s+15\.7 % \(14\.3 %–17\.3 %\)\s+2239\s+59\.2\s+learned$/);
    const qualified = lines.find((line) => line.startsWith('qualified'))!;
    expect(qualified).toMatch(/25\.0 %\s+–\s+0\s+–\s+configured$/);
  });

  it('prints the back-test error of each view, a dash where there is none', () => {
    expect(lines).toContain('  configured  WAPE   47.2 %  bias   31.3 %  over 12 months');
    expect(lines).toContain('  trend       WAPE        –  bias        –  over 0 months');
  });
});
