import { describe, expect, it } from 'vitest';
import {
  addCounts,
  contactCreatedCounts,
  dealLostCounts,
  dealWonCounts,
  formSubmissionCounts,
  spendCounts,
  surveyAnswerCounts,
  type Counts,
} from '#shared/reports/kpi-counters.ts';
import { computeKpis, formSubmissions, surveyResults, surveyScore, type DayCounts } from '#shared/reports/kpi.rules.ts';

/** A hand-built history: four customers before November, then a month of activity. */
function history(): DayCounts[] {
  const day = (date: string, ...counts: Counts[]) => ({
    day: date,
    counts: counts.reduce((all, next) => addCounts(all, next), {}),
  });
  const won = (amount: number, type: string, newCustomer: boolean, campaignId?: string) =>
    dealWonCounts({ amount, currency: 'EUR', type }, { newCustomer, ...(campaignId ? { campaignId } : {}) });
  const nps = (score: number, category: 'detractor' | 'passive' | 'promoter') =>
    surveyAnswerCounts(undefined, { kind: 'nps', score, category });
  return [
    day(
      '2026-10-01',
      won(1000, 'new_business', true),
      won(2000, 'new_business', true),
      won(3000, 'new_business', true),
      won(4000, 'new_business', true),
    ),
    day(
      '2026-11-02',
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      spendCounts('C1', 500, 'EUR'),
    ),
    day(
      '2026-11-03',
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      contactCreatedCounts(),
      spendCounts('C1', 500, 'EUR'),
    ),
    day(
      '2026-11-10',
      won(1500, 'new_business', true, 'C1'),
      won(700, 'expansion', false),
      nps(10, 'promoter'),
      nps(9, 'promoter'),
      nps(3, 'detractor'),
    ),
    day(
      '2026-11-20',
      won(900, 'renewal', false),
      dealLostCounts({ type: 'renewal' }),
      dealLostCounts({ type: 'new_business' }),
      nps(8, 'passive'),
      surveyAnswerCounts(undefined, { kind: 'ces', score: 6, category: 'promoter' }),
      surveyAnswerCounts(undefined, { kind: 'ces', score: 3, category: 'detractor' }),
    ),
    day('2026-12-05', won(5000, 'new_business', true)),
  ];
}

describe('KPIs from daily aggregates', () => {
  it('match figures computed by hand for November', () => {
    const kpis = computeKpis(history(), '2026-11-01', '2026-11-30');
    // 4 customers at the start; 1 new (10 Nov), 1 lost renewal (20 Nov) → 4 at the end.
    expect(kpis.customers).toEqual({ atStart: 4, new: 1, churned: 1, atEnd: 4 });
    expect(kpis.churnRate).toBe(0.25); // 1 / 4
    expect(kpis.retentionRate).toBe(0.75); // (4 − 1 new) / 4
    expect(kpis.customerBaseGrowthRate).toBe(0); // (4 − 4) / 4
    expect(kpis.renewalRate).toBe(0.5); // 1 renewal won, 1 lost
    expect(kpis.newContacts).toBe(10);
    expect(kpis.leadToCustomerConversionRate).toBe(0.1); // 1 / 10
    expect(kpis.campaignSpend).toEqual({ EUR: 1000 });
    expect(kpis.customerAcquisitionCost).toEqual({ EUR: 1000 }); // 1000 / 1
    expect(kpis.expansionRevenue).toEqual({ EUR: 700 });
    expect(kpis.revenue).toEqual({ newBusiness: { EUR: 1500 }, expansion: { EUR: 700 }, renewal: { EUR: 900 } });
    expect(kpis.nps).toEqual({ score: 25, responses: 4, promoters: 2, passives: 1, detractors: 1 }); // (2 − 1) / 4
    expect(kpis.customerEffortScore).toEqual({ average: 4.5, responses: 2 });
    expect(kpis.campaigns).toEqual([
      { campaignId: 'C1', spend: { EUR: 1000 }, revenue: { EUR: 1500 }, wonDeals: 1, roi: { EUR: 0.5 } },
    ]); // (1500 − 1000) / 1000
    expect(kpis.series.map((point) => point.day)).toEqual(['2026-11-02', '2026-11-03', '2026-11-10', '2026-11-20']);
  });

  it('say null where there is nothing to divide by, rather than 0 or Infinity', () => {
    const kpis = computeKpis(history(), '2026-09-01', '2026-09-30');
    expect([
      kpis.churnRate,
      kpis.retentionRate,
      kpis.renewalRate,
      kpis.leadToCustomerConversionRate,
      kpis.customerAcquisitionCost,
      kpis.nps.score,
    ]).toEqual([null, null, null, null, null, null]);
  });

  it('count a changed survey answer once, in its new category', () => {
    const changed = surveyAnswerCounts(
      { kind: 'nps', score: 3, category: 'detractor' },
      { kind: 'nps', score: 9, category: 'promoter' },
    );
    expect(changed).toEqual({ 'nps#detractor': -1, 'nps#promoter': 1, 'nps#scoreSum': 6 });
  });
});

describe('form submissions and survey scores from the day aggregates', () => {
  const days: DayCounts[] = [
    { day: '2026-11-01', counts: addCounts(formSubmissionCounts('F1'), formSubmissionCounts('F2')) },
    {
      day: '2026-11-02',
      counts: [
        formSubmissionCounts('F1'),
        formSubmissionCounts('F1'),
        surveyAnswerCounts(undefined, { surveyId: 'S1', kind: 'nps', score: 10, category: 'promoter' }),
        surveyAnswerCounts(undefined, { surveyId: 'S1', kind: 'nps', score: 3, category: 'detractor' }),
        surveyAnswerCounts(undefined, { surveyId: 'S1', kind: 'nps', score: 9, category: 'promoter' }),
        surveyAnswerCounts(undefined, { surveyId: 'S2', kind: 'nps', score: 0, category: 'detractor' }),
      ].reduce((all, next) => addCounts(all, next), {}),
    },
    {
      day: '2026-11-05',
      counts: surveyAnswerCounts(undefined, { surveyId: 'S1', kind: 'nps', score: 7, category: 'passive' }),
    },
  ];

  it('count each form’s submissions per day, and list the period’s forms most first', () => {
    expect(computeKpis(days, '2026-11-01', '2026-11-30').forms).toEqual([
      { formId: 'F1', submissions: 3 },
      { formId: 'F2', submissions: 1 },
    ]);
    expect(formSubmissions(days, 'F1', '2026-11-02', '2026-11-30')).toEqual({
      formId: 'F1',
      submissions: 2,
      series: [{ day: '2026-11-02', submissions: 2 }],
    });
    expect(formSubmissions(days, 'F9', '2026-11-01', '2026-11-30')).toEqual({
      formId: 'F9',
      submissions: 0,
      series: [],
    });
  });

  it('keep each survey’s answers apart from the others of its kind, and score it day by day', () => {
    const results = surveyResults(days, { id: 'S1', kind: 'nps' }, '2026-11-01', '2026-11-30');
    // 2 promoters, 1 passive, 1 detractor: NPS (2 − 1) / 4 = 25; the company's NPS also counts S2's detractor.
    expect(results).toMatchObject({ responses: 4, promoters: 2, passives: 1, detractors: 1, average: 7.25, score: 25 });
    expect(computeKpis(days, '2026-11-01', '2026-11-30').nps.score).toBe(0);
    expect(results.series).toEqual([
      { day: '2026-11-02', responses: 3, promoters: 2, passives: 0, detractors: 1, average: 7.3333, score: 33.3 },
      { day: '2026-11-05', responses: 1, promoters: 0, passives: 1, detractors: 0, average: 7, score: 0 },
    ]);
  });

  it('score CSAT as the share satisfied and CES as the average effort, null without answers', () => {
    const figures = { responses: 4, promoters: 3, passives: 0, detractors: 1, scoreSum: 17 };
    expect(surveyScore('csat', figures)).toBe(75);
    expect(surveyScore('ces', figures)).toBe(4.25);
    expect(surveyScore('nps', { ...figures, responses: 0 })).toBeNull();
  });

  it('move a changed answer between categories of its survey too', () => {
    expect(
      surveyAnswerCounts(
        { surveyId: 'S1', kind: 'csat', score: 2, category: 'detractor' },
        { surveyId: 'S1', kind: 'csat', score: 5, category: 'promoter' },
      ),
    ).toEqual({
      'csat#detractor': -1,
      'csat#promoter': 1,
      'csat#scoreSum': 3,
      'survey#S1#detractor': -1,
      'survey#S1#promoter': 1,
      'survey#S1#scoreSum': 3,
    });
  });
});
