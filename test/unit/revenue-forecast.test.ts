import { describe, expect, it } from 'vitest';
import { generateHistory } from '#local/history/generate-history.ts';
import { historyForLearning } from '#local/history/history-for-learning.ts';
import {
  addMonths,
  backTest,
  forecastReport,
  forecastViews,
  learnedProbabilities,
  wonRevenueByMonth,
} from '#shared/forecasts/revenue-forecast.rules.ts';
import { learnStageProbabilities, type DealStageHistory } from '#shared/forecasts/stage-probabilities.rules.ts';

const pipeline = {
  id: 'P1',
  stages: [
    { id: 'a', name: 'A', probability: 0.2, kind: 'open' as const },
    { id: 'b', name: 'B', probability: 0.6, kind: 'open' as const },
    { id: 'won', name: 'Won', probability: 1, kind: 'won' as const },
    { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' as const },
  ],
};
/** Day n of 2026 (day 0 is 1 January; 31 is 1 February; 59 is 1 March). */
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
const aDeal = (dealId: string, amount: number, moves: [string, number][], currency = 'EUR'): DealStageHistory => ({
  dealId,
  pipelineId: 'P1',
  amount,
  currency,
  changes: moves.map(([toStageId, n]) => ({ toStageId, at: day(n) })),
});
const deals = [
  aDeal('W0', 200, [
    ['a', 0],
    ['b', 1],
    ['won', 3],
  ]),
  aDeal('W1', 1000, [
    ['a', 0],
    ['b', 10],
    ['won', 40],
  ]),
  aDeal('W2', 3000, [
    ['a', 0],
    ['b', 20],
    ['won', 50],
  ]),
  ...Array.from({ length: 9 }, (_, n) =>
    aDeal(`L${n + 1}`, 500, [
      ['a', 0],
      ['lost', 5],
    ]),
  ),
  aDeal('O1', 2000, [['a', 55]]),
  aDeal('O2', 4000, [
    ['b', 40],
    ['won', 75],
  ]),
  aDeal('O3', 100, [['b', 5]]),
  aDeal('O4-dollars', 9999, [['b', 40]], 'USD'),
];

describe('the revenue forecast, by hand', () => {
  it('sums won revenue by the month of the win, in one currency', () => {
    expect(wonRevenueByMonth(pipeline, deals, 'EUR', '2026-01', '2026-04')).toEqual([200, 4000, 4000]);
    // As known on 1 March, O2 was not won yet.
    expect(wonRevenueByMonth(pipeline, deals, 'EUR', '2026-01', '2026-04', day(59))).toEqual([200, 4000, 0]);
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('weights open deals by stage probability in the month the learned median says they close', () => {
    const views = forecastViews(pipeline, deals, { asOf: day(59), currency: 'EUR', horizon: 2 });
    expect(views.months).toEqual(['2026-03', '2026-04']);
    // Median days to a win: 40 from a (3, 40 and 50), 30 from b (2, 30, 30). O2 (b on day 40) is due on day 70, in
    // March; O3 (b on day 5) was due on day 35 and is overdue, so March too; O1 (a on day 55) is due on day 95, April.
    expect(views.configured).toEqual([0.6 * 4000 + 0.6 * 100, 0.2 * 2000]);
    // Learned: a has 12 closed deals (3 won); b only 3, below the minimum of 10, so b keeps its configured 0.6.
    expect(views.learned).toEqual([0.6 * 4100, 0.25 * 2000]);
    const basis = learnedProbabilities(pipeline, views.learnedStages);
    expect(basis.get('a')).toEqual({ probability: 0.25, basis: 'learned' });
    expect(basis.get('b')).toEqual({ probability: 0.6, basis: 'configured' });
    // The first win's month (January) is left out as partial; one won month before March (February: 4000) is left,
    // so simple smoothing, with no band yet.
    expect(views.history).toEqual({ fromMonth: '2026-02', revenue: [4000] });
    expect(views.trend).toMatchObject({ model: 'simple', monthsUsed: 1 });
    expect(views.trend!.forecast.map((point) => point.value)).toEqual([4000, 4000]);
  });

  it('back-tests each view at the start of each month against what was won, as WAPE and bias', () => {
    const result = backTest(pipeline, deals, { asOf: day(104), currency: 'EUR', count: 2 });
    // 1 February: W0 was won 2 days after entering b, so every deal open in b is overdue and due in February; a's
    // 10 closed deals make its rate learned (0.1), but no deal is open in a; the trend has no whole month before
    // February after the first win's. 1 March: as in the test above.
    expect(result.months).toEqual([
      { month: '2026-02', actual: 4000, configured: 0.6 * 4100, learned: 0.6 * 4100, trend: null },
      { month: '2026-03', actual: 4000, configured: 0.6 * 4100, learned: 0.6 * 4100, trend: 4000 },
    ]);
    expect(result.errors.configured.wape).toBeCloseTo((2 * (4000 - 2460)) / 8000, 12);
    expect(result.errors.configured.bias).toBeCloseTo(-0.385, 12);
    expect(result.errors.learned.monthsCompared).toBe(2);
    expect(result.errors.trend).toEqual({ wape: 0, bias: 0, monthsCompared: 1 });
  });

  it('has no error to report over months when nothing was won', () => {
    const result = backTest(pipeline, deals, { asOf: day(0), currency: 'EUR', count: 1 });
    expect(result.months[0]).toMatchObject({ month: '2025-12', actual: 0 });
    expect(result.errors.configured.wape).toBeNull();
  });
});

describe('the forecast report', () => {
  it('puts the three views, both probabilities of each stage and the back-test side by side', () => {
    const report = forecastReport(pipeline, deals, { asOf: day(59), currency: 'EUR', horizon: 2, backTestMonths: 1 });
    expect(report.months).toEqual([
      { month: '2026-03', configured: 2460, learned: 2460, trend: { value: 4000, band80: null, band95: null } },
      { month: '2026-04', configured: 400, learned: 500, trend: { value: 4000, band80: null, band95: null } },
    ]);
    expect(report.stages).toEqual([
      expect.objectContaining({ stageId: 'a', configuredProbability: 0.2, learnedProbability: 0.25, basis: 'learned' }),
      expect.objectContaining({ stageId: 'b', configuredProbability: 0.6, learnedProbability: 1, basis: 'configured' }),
    ]);
    expect(report.stages[0]).toMatchObject({ sampleSize: 12, medianDaysToWin: 40 });
    expect(report.trend).toMatchObject({ model: 'simple', monthsUsed: 1 });
    expect(report.backTest.months.map((month) => month.month)).toEqual(['2026-02']);
  });
});

describe('the revenue forecast on the generated history', () => {
  const history = generateHistory({ seed: 20, months: 24, endMonth: '2026-12' });
  const { pipelines, deals: generated } = historyForLearning(history);
  const newBusiness = pipelines[0]!;

  it('forecasts the trend with Holt–Winters from 24 months and back-tests the last 12 months of every view', () => {
    const views = forecastViews(newBusiness, generated, { asOf: history.to, currency: 'EUR', horizon: 3 });
    expect(views.trend!.model).toBe('holt-winters-additive');
    expect(views.learnedStages.stages.every((stage) => stage.sampleSize >= 10)).toBe(true);
    const result = backTest(newBusiness, generated, { asOf: history.to, currency: 'EUR', count: 12 });
    expect(result.months).toHaveLength(12);
    for (const view of ['configured', 'learned', 'trend'] as const) {
      expect(result.errors[view].monthsCompared).toBe(12);
      expect(result.errors[view].wape).toBeGreaterThan(0);
      expect(result.errors[view].wape).toBeLessThan(1);
    }
    // The learned probabilities differ from the configured ones, and so do the forecasts weighted by them.
    expect(result.months.filter((month) => month.learned !== month.configured).length).toBeGreaterThan(6);
    expect(learnStageProbabilities(newBusiness, generated).closedDeals).toBeGreaterThan(1000);
  });
});
