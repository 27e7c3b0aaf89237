import { describe, expect, it } from 'vitest';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { stepCountsOf } from '#shared/campaigns/step-counts.rules.ts';
import type { VersionStepCounts } from '#shared/campaigns/step-counts.schema.ts';
import { campaignResultsReport } from '#shared/reports/campaign-results.rules.ts';
import { resultsSeries, roiByCurrency, spendRequestOf } from '../../../web/src/features/campaigns/campaign-results.ts';
import type { DraftDefinition } from '../../../web/src/features/campaigns/journey-draft.ts';
import { exitedTotal, liveOverlay } from '../../../web/src/features/campaigns/journey-live.ts';
import { aNurtureJourney } from '../../support/campaign-fixtures.ts';

/** The journey as written (what the builder edits), and as the API stored it when published (defaults filled in). */
const written = aNurtureJourney() as unknown as DraftDefinition;
const published = { number: 3, definition: CampaignDefinition.parse(aNurtureJourney()) };

/** A version's numbers as GET /campaigns/{id}/versions/{n}?stats=true answers them, from raw counters. */
function statsOf(counters: Record<string, number>): VersionStepCounts {
  return {
    countingSince: '2026-11-23T10:00:00.000Z',
    countsWholeVersion: true,
    ...stepCountsOf(published.definition, counters),
  };
}
const stats = statsOf({
  'welcome:entered': 6,
  'welcome:sent': 6,
  'welcome:opened': 2,
  'two-days:entered': 6,
  'two-days:waiting': 3,
  'two-days:exited-unsubscribed': 1,
  'reminder:entered': 2,
});

describe('live numbers laid over the draft', () => {
  it('puts each step’s numbers on the draft’s step of that id, with nothing edited when the draft is the version', () => {
    const overlay = liveOverlay(written, published, stats);
    expect(overlay.version).toBe(3);
    expect(overlay.draftDiffers).toBe(false);
    expect(overlay.onlyInVersion).toEqual([]);
    expect(overlay.nodes.get('welcome')).toMatchObject({
      kind: 'counted',
      changed: false,
      counts: { entered: 6, sent: 6, opened: 2 },
    });
    expect(overlay.nodes.get('two-days')).toMatchObject({ kind: 'counted', counts: { waiting: 3 } });
    expect(overlay.totals).toMatchObject({ enrolled: 6, waiting: 3, sent: 6 });
  });

  it('compares the draft with the version by what they say, whatever order a stored definition keeps its keys in', () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([key, inner]) => [key, reverseKeys(inner)]),
            )
          : value;
    const reordered = { ...published, definition: reverseKeys(published.definition) as typeof published.definition };
    expect(Object.keys(reordered.definition)[0]).not.toBe(Object.keys(published.definition)[0]);
    const overlay = liveOverlay(written, reordered, stats);
    expect(overlay.draftDiffers).toBe(false);
    expect([...overlay.nodes.values()].every((node) => node.kind === 'counted' && !node.changed)).toBe(true);
  });

  it('marks a step the draft edited, gives a step only in the draft no numbers, and keeps the numbers of a removed step', () => {
    const [welcome, wait, branch, reminder, caseStudy, goal] = written.steps;
    const draft: DraftDefinition = {
      ...written,
      steps: [
        {
          ...(welcome as Extract<typeof welcome, { type: 'email' }>),
          content: { subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' },
        },
        wait!,
        { ...(branch as Extract<typeof branch, { type: 'branch' }>), else: 'nudge' },
        {
          id: 'nudge',
          type: 'email',
          content: { subject: 'A nudge', html: '<p>Nudge</p>', text: 'Nudge' },
          next: 'converted',
        },
        caseStudy!,
        goal!,
      ],
    };
    expect(reminder?.id).toBe('reminder');
    const overlay = liveOverlay(draft, published, stats);
    expect(overlay.draftDiffers).toBe(true);
    expect(overlay.nodes.get('welcome')).toMatchObject({ kind: 'counted', changed: true, counts: { sent: 6 } });
    expect(overlay.nodes.get('two-days')).toMatchObject({ kind: 'counted', changed: false });
    expect(overlay.nodes.get('opened-welcome')).toMatchObject({ kind: 'counted', changed: true });
    expect(overlay.nodes.get('nudge')).toEqual({ kind: 'draft-only' });
    expect(overlay.onlyInVersion.map((counts) => [counts.stepId, counts.entered])).toEqual([['reminder', 2]]);
  });

  it('takes a step the schema cannot read yet (being edited) as changed, and a campaign setting as a difference', () => {
    const unfinished: DraftDefinition = {
      ...written,
      steps: written.steps.map((step) =>
        step.id === 'opened-welcome' ? { ...step, then: undefined } : step,
      ) as DraftDefinition['steps'],
    };
    expect(liveOverlay(unfinished, published, stats).nodes.get('opened-welcome')).toMatchObject({ changed: true });
    const renamed = liveOverlay({ ...written, name: 'Trial nurture, 2027' }, published, stats);
    expect(renamed.draftDiffers).toBe(true);
    expect([...renamed.nodes.values()].some((node) => node.kind === 'counted' && node.changed)).toBe(false);
  });

  it('adds up a step’s early exits over every reason', () => {
    const counts = stats.steps.find((step) => step.stepId === 'two-days')!;
    expect(exitedTotal(counts)).toBe(1);
    expect(exitedTotal({ exited: { ...counts.exited, bounced: 2, replied: 1 } })).toBe(4);
  });
});

describe('a campaign’s results on screen', () => {
  const results = {
    campaignId: '01JCAMPA1GN0000000000000AA',
    ...campaignResultsReport(
      [
        { day: '2026-11-02', counts: { sent: 10, opened: 4, clicked: 1, 'revenue#EUR': 900, wonDeals: 1 } },
        { day: '2026-11-04', counts: { sent: 5, bounced: 1, converted: 1, unsubscribed: 1 } },
      ],
      [
        { date: '2026-11-01', amount: 300, currency: 'EUR' },
        { date: '2026-11-03', amount: 50, currency: 'GBP' },
      ],
      '2026-11-01',
      '2026-11-05',
    ),
  };

  it('draws every day of the period, zero where nothing happened, each counter where it happened', () => {
    const series = resultsSeries(results);
    expect(series.map((point) => point.bucket)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
    ]);
    expect(series.map((point) => point.sent)).toEqual([0, 10, 0, 5, 0]);
    expect(series[3]).toMatchObject({ bounced: 1, converted: 1, unsubscribed: 1, complained: 0, replied: 0 });
  });

  it('sums a long period by month, as Reports draws it', () => {
    const series = resultsSeries({ ...results, period: { from: '2026-09-01', to: '2026-11-30' } });
    expect(series.map((point) => [point.bucket, point.sent])).toEqual([
      ['2026-09', 0],
      ['2026-10', 0],
      ['2026-11', 15],
    ]);
  });

  it('lists revenue, spend and ROI per currency, with none where nothing was spent', () => {
    expect(roiByCurrency(results)).toEqual([
      { currency: 'EUR', revenue: 900, spend: 300, roi: 2 },
      { currency: 'GBP', revenue: 0, spend: 50, roi: -1 },
    ]);
    expect(
      roiByCurrency({ ...results, roi: { USD: null }, totals: { ...results.totals, revenue: { USD: 10 }, spend: {} } }),
    ).toEqual([{ currency: 'USD', revenue: 10, spend: 0, roi: null }]);
  });
});

describe('recording spend from the form', () => {
  const values = { amount: '1200.5', currency: 'eur', date: '2026-11-02', note: '' };

  it('sends what the API takes: the amount as a number (in any digits), the currency in capitals, no blank note', () => {
    expect(spendRequestOf(values)).toEqual({ request: { amount: 1200.5, currency: 'EUR', date: '2026-11-02' } });
    expect(spendRequestOf({ ...values, amount: '۱۲۰۰٫۵', note: 'Ads in Tehran' }).request).toEqual({
      amount: 1200.5,
      currency: 'EUR',
      date: '2026-11-02',
      note: 'Ads in Tehran',
    });
    expect(spendRequestOf({ ...values, amount: '١٢٠٠' }).request?.amount).toBe(1200);
  });

  it('names each field the API would refuse, in the reader’s language where zod has one', () => {
    const refused = spendRequestOf({ amount: 'lots', currency: 'euro', date: '', note: '' });
    expect(Object.keys(refused.errors ?? {}).sort()).toEqual(['amount', 'currency', 'date']);
    expect(refused.errors?.amount).toMatch(/^must be a number such as/);
    expect(refused.errors?.currency).toBe('must be an ISO 4217 code such as "EUR"');
    expect(spendRequestOf({ ...values, amount: '-5' }).errors?.amount).toBeDefined();
    expect(spendRequestOf({ ...values, date: '' }, 'fa').errors?.date).toMatch(/[\u0600-\u06FF]/);
  });
});
