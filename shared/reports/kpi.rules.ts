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
    series,
  };
}
export type KpiFigures = ReturnType<typeof computeKpis>;
