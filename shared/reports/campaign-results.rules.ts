import { campaignMessageKeyParts } from '../campaigns/message-key.rules.ts';
import { ratioOf } from '../common/ratio.ts';
import { addCounts, type Counts } from './kpi-counters.ts';
import type { DayCounts } from './kpi.rules.ts';

/**
 * A campaign's results over time: what its emails did each day, counted once per domain event into
 * the campaign's own day items (campaign-results.repository.ts), and its ROI from recorded spend.
 * - sent: campaign emails sent (`Email Sent`);
 * - opened, clicked: the first open, the first click of each email (`Engagement Tracked`, published once per email and kind);
 * - replied: replies from a contact, credited to the campaign that mailed them last before the reply;
 * - converted: enrollments that left as converted (`Campaign Enrollment Ended`);
 * - unsubscribed: unsubscribes through the campaign's link (`Contact Unsubscribed`);
 * - bounced, complained: permanent bounces and complaints about its emails (`Email Bounced`, `Email Complained`);
 * - revenue, won deals: deals won by contacts it mailed last before the win (as the KPI report credits them).
 */
export const campaignResultCounters = [
  'sent',
  'opened',
  'clicked',
  'replied',
  'converted',
  'unsubscribed',
  'bounced',
  'complained',
] as const;
export type CampaignResultCounter = (typeof campaignResultCounters)[number];

/** The domain events campaign results count (with Deal Won, which the KPIs count too). */
export const campaignResultEventTypes = [
  'Email Sent',
  'Engagement Tracked',
  'Email Bounced',
  'Email Complained',
  'Contact Unsubscribed',
  'Campaign Enrollment Ended',
] as const;

export interface ResultEvent {
  detailType: string;
  detail: {
    contactId?: string;
    campaignId?: string;
    messageKey?: string;
    engagementId?: string;
    kind?: string;
    reason?: string;
  };
}

const campaignOfMessage = (messageKey: string | undefined) =>
  messageKey === undefined ? undefined : campaignMessageKeyParts(messageKey)?.campaignId;

/**
 * What an event adds to a campaign's results, and to which campaign; undefined when it counts for none.
 * `repliedTo` is the campaign that mailed the contact last before a reply (found by the caller).
 */
export function campaignResultOf(
  event: ResultEvent,
  facts: { repliedTo?: string } = {},
): { campaignId: string; counts: Counts } | undefined {
  const { detail } = event;
  const one = (campaignId: string | undefined, counter: CampaignResultCounter) =>
    campaignId ? { campaignId, counts: { [counter]: 1 } } : undefined;
  switch (event.detailType) {
    case 'Email Sent':
      return one(detail.campaignId, 'sent');
    case 'Email Bounced':
      return one(campaignOfMessage(detail.messageKey), 'bounced');
    case 'Email Complained':
      return one(campaignOfMessage(detail.messageKey), 'complained');
    case 'Contact Unsubscribed':
      return one(detail.campaignId, 'unsubscribed');
    case 'Campaign Enrollment Ended':
      return detail.reason === 'converted' ? one(detail.campaignId, 'converted') : undefined;
    case 'Engagement Tracked': {
      // An open's or click's engagement id is its email's message key and the report type.
      const messageKey = detail.engagementId?.slice(0, detail.engagementId.lastIndexOf(':'));
      if (detail.kind === 'email_opened') return one(campaignOfMessage(messageKey), 'opened');
      if (detail.kind === 'email_clicked') return one(campaignOfMessage(messageKey), 'clicked');
      if (detail.kind === 'email_replied') return one(facts.repliedTo, 'replied');
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A won deal credited to a campaign: its amount as the campaign's revenue, in its currency. */
export const wonDealResultCounts = (deal: { amount: number; currency: string }): Counts => ({
  [`revenue#${deal.currency}`]: deal.amount,
  wonDeals: 1,
});

type Money = Record<string, number>;
const round2 = (value: number) => Math.round(value * 100) / 100;

function revenueOf(counts: Counts): Money {
  const revenue: Money = {};
  for (const [name, value] of Object.entries(counts))
    if (name.startsWith('revenue#') && value !== 0) revenue[name.slice('revenue#'.length)] = round2(value);
  return revenue;
}

const figuresOf = (counts: Counts) => ({
  ...(Object.fromEntries(campaignResultCounters.map((counter) => [counter, counts[counter] ?? 0])) as Record<
    CampaignResultCounter,
    number
  >),
  wonDeals: counts.wonDeals ?? 0,
  revenue: revenueOf(counts),
});

/**
 * A campaign's results over [from, to] (days, inclusive): a point per day with activity (spend on
 * its day), the period's totals, the rates per email sent (conversions too, as email marketing counts
 * them), and ROI per currency ((revenue − spend) ÷ spend; null without spend in that currency). Pure: the route and tests compute the same figures.
 */
export function campaignResultsReport(
  days: readonly DayCounts[],
  spends: readonly { date: string; amount: number; currency: string }[],
  from: string,
  to: string,
) {
  const byDay = new Map<string, { counts: Counts; spend: Money }>();
  const dayOf = (day: string) => {
    const found = byDay.get(day) ?? { counts: {}, spend: {} };
    byDay.set(day, found);
    return found;
  };
  for (const { day, counts } of days) if (day >= from && day <= to) addCounts(dayOf(day).counts, counts);
  for (const spend of spends)
    if (spend.date >= from && spend.date <= to) addCounts(dayOf(spend.date).spend, { [spend.currency]: spend.amount });
  const total: Counts = {};
  const spend: Money = {};
  const series = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, point]) => {
      addCounts(total, point.counts);
      addCounts(spend, point.spend);
      return { day, ...figuresOf(point.counts), spend: roundMoney(point.spend) };
    });
  const totals = figuresOf(total);
  const currencies = [...new Set([...Object.keys(totals.revenue), ...Object.keys(spend)])].sort();
  return {
    period: { from, to },
    totals: { ...totals, spend: roundMoney(spend) },
    rates: {
      openRate: ratioOf(totals.opened, totals.sent),
      clickRate: ratioOf(totals.clicked, totals.sent),
      replyRate: ratioOf(totals.replied, totals.sent),
      conversionRate: ratioOf(totals.converted, totals.sent),
      unsubscribeRate: ratioOf(totals.unsubscribed, totals.sent),
      bounceRate: ratioOf(totals.bounced, totals.sent),
      complaintRate: ratioOf(totals.complained, totals.sent),
    },
    roi: Object.fromEntries(
      currencies.map((currency) => [
        currency,
        ratioOf((totals.revenue[currency] ?? 0) - (spend[currency] ?? 0), spend[currency] ?? 0),
      ]),
    ),
    series,
  };
}
export type CampaignResultsReport = ReturnType<typeof campaignResultsReport>;

const roundMoney = (money: Money): Money =>
  Object.fromEntries(Object.entries(money).map(([currency, amount]) => [currency, round2(amount)]));
