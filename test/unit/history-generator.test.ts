import { describe, expect, it } from 'vitest';
import { CreatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import { generateHistory, plantedStageWinRates, plantedWinRateFromStage } from '#local/history/generate-history.ts';

const history = generateHistory({ seed: 20, months: 24, endMonth: '2026-12' });

describe('the generated CRM history', () => {
  it('is the same for the same seed and differs for another', () => {
    const again = generateHistory({ seed: 20, months: 24, endMonth: '2026-12' });
    expect(again).toEqual(history);
    const other = generateHistory({ seed: 21, months: 24, endMonth: '2026-12' });
    expect(other.deals.length).not.toBe(history.deals.length);
  });

  it('covers the months asked for, after three months of warm-up, and nothing after them', () => {
    expect(history.monthsFrom).toBe('2024-12-01T00:00:00.000Z');
    expect(history.from).toBe('2024-09-01T00:00:00.000Z');
    expect(history.to).toBe('2026-12-01T00:00:00.000Z');
    const instants = [
      ...history.contacts.map((contact) => contact.createdAt),
      ...history.engagements.map((engagement) => engagement.at),
      ...history.deals.flatMap((deal) => deal.moves.map((move) => move.at)),
    ];
    expect(instants.every((at) => at >= history.from && at < history.to)).toBe(true);
  });

  it('gives pipelines the API would accept, and deals whose moves run in order and end as their status says', () => {
    for (const pipeline of history.pipelines) expect(() => CreatePipelineRequest.parse(pipeline.request)).not.toThrow();
    for (const deal of history.deals) {
      const times = deal.moves.map((move) => move.at);
      expect(times).toEqual(times.toSorted());
      const last = deal.moves[deal.moves.length - 1]!.toStageId;
      expect(deal.status === 'open' ? !['won', 'lost'].includes(last) : last === deal.status).toBe(true);
      if (deal.status === 'lost') expect(deal.moves[deal.moves.length - 1]!.reason).toBeTruthy();
    }
    const contactKeys = new Set(history.contacts.map((contact) => contact.key));
    expect(history.deals.every((deal) => contactKeys.has(deal.contactKey))).toBe(true);
    expect(new Set(history.contacts.map((contact) => contact.email)).size).toBe(history.contacts.length);
    // Another seed's contacts have other addresses, so two histories fit in one table.
    const otherEmails = new Set(
      generateHistory({ seed: 21, months: 1, endMonth: '2026-12' }).contacts.map((c) => c.email),
    );
    expect(history.contacts.some((contact) => otherEmails.has(contact.email))).toBe(false);
  });

  it('is big enough to learn from: thousands of contacts, hundreds of closed deals, renewals won and churned', () => {
    expect(history.contacts.length).toBeGreaterThan(5_000);
    expect(
      history.deals.filter((deal) => deal.status === 'won' && deal.type === 'new_business').length,
    ).toBeGreaterThan(250);
    const renewals = history.deals.filter((deal) => deal.type === 'renewal');
    expect(renewals.filter((deal) => deal.status === 'won').length).toBeGreaterThan(50);
    expect(renewals.filter((deal) => deal.status === 'lost').length).toBeGreaterThan(10);
  });

  it('plants the stage win rates as products of the advances, and says so in its truth', () => {
    const stages = history.truth.stages['new-business']!;
    expect(plantedWinRateFromStage(stages, 'lead-in')).toBeCloseTo(0.55 * 0.6 * 0.65 * 0.7, 12);
    expect(plantedWinRateFromStage(stages, 'negotiation')).toBeCloseTo(0.7, 12);
    const planted = plantedStageWinRates(history);
    expect(
      planted.find((rate) => rate.pipelineKey === 'new-business' && rate.stageId === 'qualified')!.rate,
    ).toBeCloseTo(0.6 * 0.65 * 0.7, 9);
    // Renewals: each customer's churn chance differs, so the upcoming stage's planted rate is their mean.
    const upcoming = planted.find((rate) => rate.pipelineKey === 'renewals' && rate.stageId === 'upcoming')!.rate;
    const { base, lowEngagement } = history.truth.churn;
    expect(upcoming).toBeLessThan((1 - base) * 0.92);
    expect(upcoming).toBeGreaterThan((1 - base - lowEngagement) * 0.92);
  });

  it('plants seasonality: more new contacts in the busy months than in the quiet ones', () => {
    const perCalendarMonth = new Array<number>(12).fill(0);
    for (const contact of history.contacts.filter((c) => c.createdAt >= history.monthsFrom))
      perCalendarMonth[Number(contact.createdAt.slice(5, 7)) - 1]! += 1;
    // November (1.25) against August (0.65), both seen twice in the 24 months.
    expect(perCalendarMonth[10]! / perCalendarMonth[7]!).toBeGreaterThan(1.5);
  });

  it('plants the conversion signal: contacts that got a deal had a higher planted chance and engaged more', () => {
    const withDeal = new Set(history.deals.map((deal) => deal.contactKey));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const chance = (got: boolean) =>
      mean(history.contacts.filter((c) => withDeal.has(c.key) === got).map((c) => c.plantedDealProbability));
    expect(chance(true)).toBeGreaterThan(chance(false) + 0.1);
    const clicks = new Map<string, number>();
    for (const engagement of history.engagements.filter((e) => e.kind === 'email_clicked'))
      clicks.set(engagement.contactKey, (clicks.get(engagement.contactKey) ?? 0) + 1);
    const meanClicks = (got: boolean) =>
      mean(history.contacts.filter((c) => withDeal.has(c.key) === got).map((c) => clicks.get(c.key) ?? 0));
    expect(meanClicks(true)).toBeGreaterThan(meanClicks(false) * 1.3);
  });

  it('refuses a month count or end month it cannot honour', () => {
    expect(() => generateHistory({ seed: 1, months: 0, endMonth: '2026-12' })).toThrow(RangeError);
    expect(() => generateHistory({ seed: 1, months: 12, endMonth: '2026-13' })).toThrow(RangeError);
  });
});
