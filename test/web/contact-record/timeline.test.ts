import { describe, expect, it } from 'vitest';
import { languageOf } from '../../../web/src/lib/i18n/languages.ts';
import { groupByDay, withNewEntry, type TimelineItem } from '../../../web/src/features/contact-record/timeline.ts';
import { surveyAnswersOf } from '../../../web/src/features/contact-record/survey-answers.ts';

type ActivityEntry = Extract<TimelineItem, { kind: 'activity' }>;
const entry = (id: string, occurredAt: string, extra: Partial<ActivityEntry> = {}): TimelineItem => ({
  id,
  occurredAt,
  kind: 'activity',
  activityType: 'note',
  details: {},
  loggedBy: 'local-sales-ada',
  ref: { type: 'activity', id },
  ...extra,
});

describe('the timeline by day', () => {
  it('groups newest-first entries into the days of the reader’s calendar, keeping their order', () => {
    const items = [
      entry('a', '2026-03-21T10:00:00.000Z'),
      entry('b', '2026-03-21T08:00:00.000Z'),
      entry('c', '2026-03-20T12:00:00.000Z'),
    ];
    const english = groupByDay(items, (iso) => iso.slice(0, 10));
    expect(english.map((day) => [day.day, day.items.map((item) => item.id)])).toEqual([
      ['2026-03-21', ['a', 'b']],
      ['2026-03-20', ['c']],
    ]);
    // In Persian the days are Solar Hijri days, written with Persian digits: 21 March 2026 is 1 Farvardin 1405.
    const persian = groupByDay(items, (iso) =>
      new Intl.DateTimeFormat('fa-IR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    );
    expect(persian).toHaveLength(2);
    expect(persian[0]?.day).toMatch(/۱۴۰۵/);
    expect(persian[0]?.day).toMatch(/فروردین/);
    expect(persian[1]?.day).toMatch(/اسفند/);
  });

  it('shows an entry a later page repeats only once', () => {
    const items = [
      entry('a', '2026-03-21T10:00:00Z'),
      entry('a', '2026-03-21T10:00:00Z'),
      entry('b', '2026-03-21T09:00:00Z'),
    ];
    expect(groupByDay(items, () => 'one day')[0]?.items.map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('writes days in the console language’s locale: Persian digits and calendar in fa', () => {
    const dayOf = (code: string) => (iso: string) =>
      new Intl.DateTimeFormat(languageOf(code).locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
    expect(groupByDay([entry('a', '2026-03-21T10:00:00Z')], dayOf('fa'))[0]?.day).toMatch(/^[۰-۹]+ فروردین [۰-۹]+$/);
    expect(groupByDay([entry('a', '2026-03-21T10:00:00Z')], dayOf('en'))[0]?.day).toBe('Mar 21, 2026');
  });
});

describe('a just-logged entry', () => {
  it('goes to the top of the first page, before older entries, and is never doubled', () => {
    const pages = [
      { items: [entry('b', '2026-03-21T09:00:00Z'), entry('c', '2026-03-21T08:00:00Z')], nextCursor: 'next' },
      { items: [entry('d', '2026-03-20T08:00:00Z')] },
    ];
    const logged = entry('new', '2026-03-21T10:00:00Z');
    const after = withNewEntry(pages, logged);
    expect(after.map((page) => page.items.map((item) => item.id))).toEqual([['new', 'b', 'c'], ['d']]);
    expect(after[0]?.nextCursor).toBe('next');
    expect(withNewEntry(after, logged)[0]?.items.map((item) => item.id)).toEqual(['new', 'b', 'c']);
    // Logged with a time in the past, it takes its place among the entries.
    expect(withNewEntry(pages, entry('past', '2026-03-21T08:30:00Z'))[0]?.items.map((item) => item.id)).toEqual([
      'b',
      'past',
      'c',
    ]);
    expect(withNewEntry([], logged)).toEqual([{ items: [logged] }]);
  });

  it('is not confused with an entry of another kind at the same moment', () => {
    const pageView: TimelineItem = {
      id: 'engagement:1',
      occurredAt: '2026-03-21T10:00:00Z',
      kind: 'engagement',
      engagementKind: 'page_viewed',
      url: 'https://example.com/pricing',
      ref: { type: 'engagement', id: '1' },
    };
    const after = withNewEntry([{ items: [pageView] }], entry('activity:2', '2026-03-21T10:00:00Z'));
    expect(after[0]?.items.map((item) => item.id)).toEqual(['activity:2', 'engagement:1']);
  });
});

describe('survey answers on the timeline', () => {
  it('are the survey_answer entries, with their kind, score, category and comment', () => {
    const answers = surveyAnswersOf([
      entry('n', '2026-03-21T10:00:00Z'),
      {
        id: 'consent:1',
        occurredAt: '2026-03-20T11:00:00Z',
        kind: 'consent',
        status: 'granted',
        method: 'form',
        source: 'form:demo',
        ref: { type: 'consent-record', id: '1' },
      },
      entry('s', '2026-03-20T10:00:00Z', {
        activityType: 'survey_answer',
        subject: 'NPS 9 (promoter)',
        body: 'Great support',
        details: { surveyId: 'x', score: 9, category: 'promoter' },
      }),
    ]);
    expect(answers).toEqual([
      { id: 's', kind: 'nps', score: 9, category: 'promoter', comment: 'Great support', at: '2026-03-20T10:00:00Z' },
    ]);
  });
});
