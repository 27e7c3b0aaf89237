import { describe, expect, it } from 'vitest';
import { campaignResultOf, campaignResultsReport } from '#shared/reports/campaign-results.rules.ts';
import type { DayCounts } from '#shared/reports/kpi.rules.ts';

const campaignId = '01JCAMPAIGN0000000000000000';
const messageKey = `campaign:${campaignId}:01JCONTACT00000000000000000:2:welcome`;

describe('what a domain event adds to a campaign’s results', () => {
  it('finds the campaign in the event, or in the message key of the email it is about', () => {
    expect(campaignResultOf({ detailType: 'Email Sent', detail: { campaignId, messageKey } })).toEqual({
      campaignId,
      counts: { sent: 1 },
    });
    expect(campaignResultOf({ detailType: 'Email Bounced', detail: { messageKey } })).toEqual({
      campaignId,
      counts: { bounced: 1 },
    });
    expect(campaignResultOf({ detailType: 'Email Complained', detail: { messageKey } })?.counts).toEqual({
      complained: 1,
    });
    expect(
      campaignResultOf({
        detailType: 'Engagement Tracked',
        detail: { engagementId: `${messageKey}:click`, kind: 'email_clicked' },
      }),
    ).toEqual({ campaignId, counts: { clicked: 1 } });
    expect(campaignResultOf({ detailType: 'Contact Unsubscribed', detail: { campaignId } })?.counts).toEqual({
      unsubscribed: 1,
    });
    expect(
      campaignResultOf({ detailType: 'Campaign Enrollment Ended', detail: { campaignId, reason: 'converted' } })
        ?.counts,
    ).toEqual({ converted: 1 });
  });

  it('credits a reply to the campaign that mailed the contact last before it, and counts nothing without one', () => {
    const reply = { detailType: 'Engagement Tracked', detail: { engagementId: 'reply:<m@x>', kind: 'email_replied' } };
    expect(campaignResultOf(reply, { repliedTo: campaignId })).toEqual({ campaignId, counts: { replied: 1 } });
    expect(campaignResultOf(reply)).toBeUndefined();
  });

  it('counts nothing for what is not a campaign’s: other engagements, other ends, mail without a campaign key, unsubscribes from elsewhere', () => {
    for (const event of [
      { detailType: 'Engagement Tracked', detail: { engagementId: 'page-1', kind: 'page_viewed' } },
      { detailType: 'Engagement Tracked', detail: { engagementId: 'survey:1:open', kind: 'email_opened' } },
      { detailType: 'Campaign Enrollment Ended', detail: { campaignId, reason: 'unsubscribed' } },
      { detailType: 'Email Bounced', detail: { messageKey: 'survey:01J:invite' } },
      { detailType: 'Contact Unsubscribed', detail: {} },
      { detailType: 'Deal Won', detail: { campaignId } },
    ])
      expect(campaignResultOf(event), JSON.stringify(event)).toBeUndefined();
  });
});

describe('a campaign’s results report', () => {
  const days: DayCounts[] = [
    { day: '2026-11-02', counts: { sent: 10, opened: 4, clicked: 1, 'revenue#EUR': 900, wonDeals: 1 } },
    { day: '2026-11-03', counts: { sent: 5, bounced: 1, converted: 2, 'revenue#USD': 100.005, wonDeals: 1 } },
    { day: '2026-12-01', counts: { sent: 99 } },
  ];
  const spends = [
    { date: '2026-11-01', amount: 300, currency: 'EUR' },
    { date: '2026-10-31', amount: 1000, currency: 'EUR' },
  ];

  it('sums the period’s days and spend, per currency, with rates per email sent and ROI where there was spend', () => {
    const report = campaignResultsReport(days, spends, '2026-11-01', '2026-11-30');
    expect(report.totals).toMatchObject({
      sent: 15,
      opened: 4,
      clicked: 1,
      bounced: 1,
      wonDeals: 2,
      revenue: { EUR: 900, USD: 100.01 },
      spend: { EUR: 300 },
    });
    expect(report.rates).toMatchObject({
      openRate: 0.2667,
      clickRate: 0.0667,
      bounceRate: 0.0667,
      replyRate: 0,
      conversionRate: 0.1333,
    });
    expect(report.roi).toEqual({ EUR: 2, USD: null });
    expect(report.series.map((point) => [point.day, point.sent, point.spend])).toEqual([
      ['2026-11-01', 0, { EUR: 300 }],
      ['2026-11-02', 10, {}],
      ['2026-11-03', 5, {}],
    ]);
  });

  it('answers null rates, not a division by zero, for a period with no email sent', () => {
    const report = campaignResultsReport([], [], '2026-11-01', '2026-11-30');
    expect(Object.values(report.rates)).toEqual(Object.values(report.rates).map(() => null));
    expect(report.series).toEqual([]);
  });
});
