import { ratioOf } from '../common/ratio.ts';
import { addCounts, type Counts } from './kpi-counters.ts';

export interface DayCounts {
  day: string;
  counts: Counts;
}

type Money = Record<string, number>;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** `prefix#<rest>` counters as a map from the rest (currencies, campaign ids...). */
function byPrefix(counts: Counts, prefix: string): Money {
  const found: Money = {};
  for (const [name, value] of Object.entries(counts))
    if (name.startsWith(prefix) && value !== 0) found[name.slice(prefix.length)] = round2(value);
  return found;
}

function divideMoney(money: Money, by: number): Money | null {
  return by === 0
    ? null
    : Object.fromEntries(Object.entries(money).map(([currency, amount]) => [currency, round2(amount / by)]));
}

function surveyFigures(counts: Counts) {
  const n = (name: string) => counts[name] ?? 0;
  const npsResponses = n('nps#responses');
  const npsScore = ratioOf(n('nps#promoter') - n('nps#detractor'), npsResponses);
  return {
    nps: {
      score: npsScore === null ? null : Math.round(npsScore * 1000) / 10,
      responses: npsResponses,
      promoters: n('nps#promoter'),
      passives: n('nps#passive'),
      detractors: n('nps#detractor'),
    },
    csat: {
      satisfiedRate: ratioOf(n('csat#promoter'), n('csat#responses')),
      average: ratioOf(n('csat#scoreSum'), n('csat#responses')),
      responses: n('csat#responses'),
    },
    customerEffortScore: { average: ratioOf(n('ces#scoreSum'), n('ces#responses')), responses: n('ces#responses') },
  };
}

function campaignFigures(counts: Counts) {
  const ids = new Set(
    Object.keys(counts).flatMap((name) => (name.startsWith('campaign#') ? [name.split('#')[1] ?? ''] : [])),
  );
  return [...ids].sort().map((campaignId) => {
    const spend = byPrefix(counts, `campaign#${campaignId}#spend#`);
    const revenue = byPrefix(counts, `campaign#${campaignId}#revenue#`);
    const currencies = new Set([...Object.keys(spend), ...Object.keys(revenue)]);
    const roi = Object.fromEntries(
      [...currencies].map((currency) => [
        currency,
        ratioOf((revenue[currency] ?? 0) - (spend[currency] ?? 0), spend[currency] ?? 0),
      ]),
    );
    return { campaignId, spend, revenue, wonDeals: counts[`campaign#${campaignId}#deals`] ?? 0, roi };
  });
}

/** Each form's submissions in the period (`form#<id>#submissions`), most first. */
function formFigures(counts: Counts) {
  const found: { formId: string; submissions: number }[] = [];
  for (const [name, value] of Object.entries(counts)) {
    const [prefix, formId, counter] = name.split('#');
    if (prefix === 'form' && formId && counter === 'submissions' && value !== 0)
      found.push({ formId, submissions: value });
  }
  return found.sort((a, b) => b.submissions - a.submissions || a.formId.localeCompare(b.formId));
}

/** One form's submissions in [from, to], with a point for each day that had any. */
export function formSubmissions(days: readonly DayCounts[], formId: string, from: string, to: string) {
  const name = `form#${formId}#submissions`;
  const series = days
    .filter(({ day, counts }) => day >= from && day <= to && (counts[name] ?? 0) !== 0)
    .map(({ day, counts }) => ({ day, submissions: counts[name] ?? 0 }));
  return { formId, submissions: series.reduce((total, point) => total + point.submissions, 0), series };
}

/**
 * A survey's headline score from its counters: NPS (% promoters − % detractors, −100 to 100), CSAT (% satisfied,
 * answers of 4 or 5, 0 to 100) or CES (the average effort, 1 to 7); null without answers.
 */
export function surveyScore(kind: 'nps' | 'csat' | 'ces', figures: SurveyCounts): number | null {
  if (figures.responses === 0) return null;
  if (kind === 'nps') return Math.round(((figures.promoters - figures.detractors) / figures.responses) * 1000) / 10;
  if (kind === 'csat') return Math.round((figures.promoters / figures.responses) * 1000) / 10;
  return Math.round((figures.scoreSum / figures.responses) * 100) / 100;
}

interface SurveyCounts {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  scoreSum: number;
}

const surveyCountsOf = (counts: Counts, surveyId: string): SurveyCounts => {
  const n = (counter: string) => counts[`survey#${surveyId}#${counter}`] ?? 0;
  return {
    responses: n('responses'),
    promoters: n('promoter'),
    passives: n('passive'),
    detractors: n('detractor'),
    scoreSum: n('scoreSum'),
  };
};

/** One survey's answers in [from, to] and its score, in total and for each day that had answers (by answer day). */
export function surveyResults(
  days: readonly DayCounts[],
  survey: { id: string; kind: 'nps' | 'csat' | 'ces' },
  from: string,
  to: string,
) {
  const within: Counts = {};
  const series = [];
  for (const { day, counts } of days) {
    if (day < from || day > to) continue;
    const figures = surveyCountsOf(counts, survey.id);
    if (figures.responses === 0 && figures.scoreSum === 0) continue;
    addCounts(within, counts);
    const { scoreSum: _sum, ...shown } = figures;
    series.push({
      day,
      ...shown,
      average: ratioOf(figures.scoreSum, figures.responses),
      score: surveyScore(survey.kind, figures),
    });
  }
  const total = surveyCountsOf(within, survey.id);
  const { scoreSum: _sum, ...shown } = total;
  return {
    surveyId: survey.id,
    kind: survey.kind,
    ...shown,
    average: ratioOf(total.scoreSum, total.responses),
    score: surveyScore(survey.kind, total),
    series,
  };
}

/**
 * The KPIs of [from, to] (days, inclusive) from daily aggregates: every day before `from` only
 * sets the customer base at the start. Pure: the report and the CLI read the same figures.
 */
export function computeKpis(days: readonly DayCounts[], from: string, to: string) {
  const before: Counts = {};
  const within: Counts = {};
  const series: {
    day: string;
    newCustomers: number;
    churnedCustomers: number;
    wonDeals: number;
    revenue: Money;
    npsResponses: number;
  }[] = [];
  for (const { day, counts } of days) {
    if (day < from) addCounts(before, counts);
    else if (day <= to) {
      addCounts(within, counts);
      const revenue: Money = {};
      for (const type of ['new_business', 'expansion', 'renewal'])
        addCounts(revenue, byPrefix(counts, `revenue#${type}#`));
      series.push({
        day,
        newCustomers: counts['customers#new'] ?? 0,
        churnedCustomers: counts['customers#churned'] ?? 0,
        wonDeals: counts['deals#won'] ?? 0,
        revenue,
        npsResponses: counts['nps#responses'] ?? 0,
      });
    }
  }
  const n = (counts: Counts, name: string) => counts[name] ?? 0;
  const atStart = n(before, 'customers#new') - n(before, 'customers#churned');
  const newCustomers = n(within, 'customers#new');
  const churned = n(within, 'customers#churned');
  const atEnd = atStart + newCustomers - churned;
  const spend = byPrefix(within, 'spend#');
  const expansionRevenue = byPrefix(within, 'revenue#expansion#');
  return {
    period: { from, to },
    customers: { atStart, new: newCustomers, churned, atEnd },
    newCustomers,
    churnRate: ratioOf(churned, atStart),
    // Of the customers we had at the start, the share still with us at the end (new ones do not count).
    retentionRate: ratioOf(atEnd - newCustomers, atStart),
    customerBaseGrowthRate: ratioOf(atEnd - atStart, atStart),
    renewalRate: ratioOf(n(within, 'renewals#won'), n(within, 'renewals#won') + n(within, 'renewals#lost')),
    newContacts: n(within, 'contacts#created'),
    leadToCustomerConversionRate: ratioOf(newCustomers, n(within, 'contacts#created')),
    revenue: {
      newBusiness: byPrefix(within, 'revenue#new_business#'),
      expansion: expansionRevenue,
      renewal: byPrefix(within, 'revenue#renewal#'),
    },
    expansionRevenue,
    campaignSpend: spend,
    customerAcquisitionCost: divideMoney(spend, newCustomers),
    ...surveyFigures(within),
    campaigns: campaignFigures(within),
    forms: formFigures(within),
    series,
  };
}
export type KpiFigures = ReturnType<typeof computeKpis>;
