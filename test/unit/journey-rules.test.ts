import { describe, expect, it } from 'vitest';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { nextJourneyAction, progressAfter, variantFor, type ContactFacts } from '#shared/campaigns/journey.rules.ts';
import { nextLocalTime, withinSendWindow } from '#shared/campaigns/local-time.ts';
import { simulateJourney, simulateJourneyByStep } from '#shared/campaigns/simulation.ts';
import { campaignsTriggeredBy } from '#shared/campaigns/campaign-triggers.rules.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';

const journey = (overrides: Record<string, unknown> = {}) => CampaignDefinition.parse(aNurtureJourney(overrides));
const monday10 = new Date('2026-11-23T10:00:00.000Z');
const facts = (overrides: Partial<ContactFacts> = {}): ContactFacts => ({
  contactId: 'c1',
  lifecycleStage: 'lead',
  tags: [],
  customFields: {},
  consent: 'granted',
  inSegment: () => false,
  opened: () => false,
  clicked: () => false,
  recentEmailTimes: [],
  ...overrides,
});
const emails = (entries: ReturnType<typeof simulateJourney>, contact: string) =>
  entries
    .filter((e) => e.contact === contact && e.what === 'email')
    .map((e) => `${e.at} ${e.stepId}${e.variantId ? `/${e.variantId}` : ''}`);

describe('the journey interpreter, simulated on a virtual clock', () => {
  const entries = simulateJourney(
    journey(),
    [
      { id: 'opener', email: 'opener@example.com', firstName: 'Olga', behaviour: { opens: ['welcome'] } },
      { id: 'ignorer', email: 'ignorer@example.com' },
      { id: 'leaver', email: 'leaver@example.com', behaviour: { unsubscribeAfterDays: 1 } },
      { id: 'no-consent', email: 'pending@example.com', consent: 'pending' },
    ],
    monday10,
  );

  it('sends the welcome at once, waits two days, then branches on whether it was opened', () => {
    expect(emails(entries, 'opener@example.com')).toEqual([
      '2026-11-23T10:00:00.000Z welcome',
      `2026-11-25T10:00:00.000Z case-study/${variantFor('opener', 'case-study', [
        { id: 'a', split: 50 },
        { id: 'b', split: 50 },
      ])}`,
    ]);
    expect(emails(entries, 'ignorer@example.com')).toEqual([
      '2026-11-23T10:00:00.000Z welcome',
      '2026-11-25T10:00:00.000Z reminder',
    ]);
    expect(entries.find((e) => e.contact === 'opener@example.com' && e.stepId === 'welcome')?.subject).toBe(
      'Welcome, Olga',
    );
    expect(entries.filter((e) => e.what === 'ended').map((e) => `${e.contact} ${e.reason}`)).toEqual(
      expect.arrayContaining(['opener@example.com completed', 'ignorer@example.com completed']),
    );
  });

  it('sends nothing more to a contact who unsubscribes mid-journey, and nothing at all without consent', () => {
    expect(emails(entries, 'leaver@example.com')).toEqual(['2026-11-23T10:00:00.000Z welcome']);
    expect(entries.find((e) => e.contact === 'leaver@example.com' && e.what === 'ended')).toMatchObject({
      at: '2026-11-25T10:00:00.000Z',
      reason: 'unsubscribed',
    });
    expect(entries.filter((e) => e.contact === 'pending@example.com')).toEqual([
      { at: monday10.toISOString(), contact: 'pending@example.com', what: 'ended', reason: 'no-consent' },
    ]);
  });

  it('lets a contact who meets the campaign goal leave as converted', () => {
    const converted = simulateJourney(
      journey({ goal: { kind: 'field', field: 'lifecycleStage', operator: 'equals', value: 'customer' } }),
      [{ id: 'buyer', email: 'buyer@example.com', behaviour: { convertAfterDays: 1 } }],
      monday10,
    );
    expect(emails(converted, 'buyer@example.com')).toEqual(['2026-11-23T10:00:00.000Z welcome']);
    expect(converted.at(-1)).toMatchObject({ what: 'ended', reason: 'converted' });
  });

  it('holds an email until the send window opens in the contact’s time zone', () => {
    const weekend = simulateJourney(
      journey(),
      [{ id: 'ny', email: 'ny@example.com', timeZone: 'America/New_York' }],
      new Date('2026-11-28T12:00:00.000Z'),
    );
    expect(weekend[0]).toMatchObject({ what: 'deferred', reason: 'send-window until 2026-11-30T14:00:00.000Z' });
    expect(emails(weekend, 'ny@example.com')[0]).toBe('2026-11-30T14:00:00.000Z welcome');
  });
});

describe('journey rules', () => {
  const definition = journey();

  it('defers a send while the frequency cap is reached, until the oldest counted email leaves the window', () => {
    const recent = ['2026-11-18T10:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-22T10:00:00.000Z'];
    expect(
      nextJourneyAction(
        definition,
        { contactId: 'c1', stepId: 'welcome', sent: [] },
        facts({ recentEmailTimes: recent }),
        monday10,
      ).action,
    ).toEqual({
      kind: 'sleep',
      until: '2026-11-25T10:00:00.000Z',
      reason: 'frequency-cap',
      stepId: 'welcome',
    });
  });

  it('ends the journey on a bounce or complaint before anything else', () => {
    expect(
      nextJourneyAction(
        definition,
        { contactId: 'c1', stepId: 'welcome', sent: [] },
        facts({ suppression: 'bounced' }),
        monday10,
      ).action,
    ).toEqual({ kind: 'end', reason: 'bounced' });
  });

  it('waits until a weekday and hour in the contact’s time zone', () => {
    const untilTuesday = journey();
    Object.assign(untilTuesday.steps[1] as object, {
      duration: undefined,
      until: { weekdays: ['tue'], hour: 9, minute: 0 },
    });
    const action = nextJourneyAction(
      untilTuesday,
      { contactId: 'c1', stepId: 'two-days', sent: [] },
      facts({ timeZone: 'Asia/Tokyo' }),
      monday10,
    ).action;
    expect(action).toEqual({ kind: 'sleep', until: '2026-11-24T00:00:00.000Z', reason: 'wait', stepId: 'two-days' });
  });

  it('ends the journey, as completed, after any step that has no next step: the last one, or one with next: null', () => {
    const [welcome, wait, , reminder, caseStudy] = aNurtureJourney().steps;
    const lastOf = (last: Record<string, unknown>) => journey({ steps: [welcome, { ...wait, id: 'pause' }, last] });
    for (const last of [
      caseStudy,
      { id: 'tag', type: 'update', set: { addTags: ['nurtured'] } },
      { id: 'tell-owner', type: 'notify-owner', subject: 'Done', text: 'The journey is over.' },
      { id: 'cool-off', type: 'wait', duration: { days: 1 } },
    ] as Record<string, unknown>[])
      expect(progressAfter(lastOf(last), last.id as string), String(last.type)).toEqual({
        kind: 'end',
        reason: 'completed',
      });
    expect(progressAfter(definition, 'welcome')).toEqual({ kind: 'next', stepId: 'two-days' });
    // A branch arm listed before the other arm falls through into it, unless it says where it ends.
    expect(progressAfter(definition, 'reminder')).toEqual({ kind: 'next', stepId: 'converted' });
    const armEnds = journey({ steps: [welcome, definition.steps[2], { ...reminder, next: null }, caseStudy] });
    expect(progressAfter(armEnds, 'reminder')).toEqual({ kind: 'end', reason: 'completed' });
    expect(progressAfter(armEnds, 'case-study')).toEqual({ kind: 'end', reason: 'completed' });
    expect(
      simulateJourney(armEnds, [{ id: 'ignorer', email: 'ignorer@example.com' }], monday10).map((entry) =>
        [entry.what, entry.stepId ?? entry.reason].join(' '),
      ),
    ).toEqual(['email welcome', 'email reminder', 'ended completed']);
  });

  it('splits A/B variants by percentage, stably per contact', () => {
    const variants = [
      { id: 'a', split: 30 },
      { id: 'b', split: 70 },
    ];
    const picks = Array.from({ length: 2000 }, (_, i) => variantFor(`contact-${i}`, 'case-study', variants));
    const shareOfA = picks.filter((pick) => pick === 'a').length / picks.length;
    expect(shareOfA).toBeGreaterThan(0.26);
    expect(shareOfA).toBeLessThan(0.34);
    expect(variantFor('contact-7', 'case-study', variants)).toBe(picks[7]);
  });
});

describe('local time', () => {
  it('opens the send window at the local start hour across a DST change', () => {
    // Berlin moves to summer time on 2026-03-29: Monday 09:00 is then 07:00 UTC, not 08:00.
    expect(
      withinSendWindow(
        new Date('2026-03-28T12:00:00.000Z'),
        { days: ['mon'], startHour: 9, endHour: 17 },
        'Europe/Berlin',
      ).toISOString(),
    ).toBe('2026-03-30T07:00:00.000Z');
    expect(
      withinSendWindow(
        new Date('2026-03-30T08:30:00.000Z'),
        { days: ['mon'], startHour: 9, endHour: 17 },
        'Europe/Berlin',
      ).toISOString(),
    ).toBe('2026-03-30T08:30:00.000Z');
  });

  it('finds the next local time in a half-hour-offset zone', () => {
    // India is UTC+5:30: 09:00 IST on Tuesday is 03:30 UTC.
    expect(
      nextLocalTime(monday10, 'Asia/Kolkata', 0, (weekday, hour) => weekday === 'tue' && hour === 9).toISOString(),
    ).toBe('2026-11-24T03:30:00.000Z');
  });
});

describe('campaign triggers', () => {
  const live = (id: string, liveTrigger: unknown, status = 'active') =>
    ({ id, status, liveTrigger }) as Parameters<typeof campaignsTriggeredBy>[1][number];
  const campaigns = [
    live('on-mql', { type: 'event', detailType: 'Lead Qualified', detail: { stage: 'mql' } }),
    live('on-any-qualified', { type: 'event', detailType: 'Lead Qualified', detail: {} }),
    live('on-form', { type: 'form', formId: 'FORM1' }),
    live('paused', { type: 'event', detailType: 'Lead Qualified', detail: {} }, 'paused'),
    live('manual', { type: 'manual' }),
  ];

  it('enroll on an event whose detail matches, and on a lead from the trigger form, only for running campaigns', () => {
    expect(
      campaignsTriggeredBy({ detailType: 'Lead Qualified', detail: { contactId: 'c', stage: 'mql' } }, campaigns),
    ).toEqual(['on-mql', 'on-any-qualified']);
    expect(
      campaignsTriggeredBy({ detailType: 'Lead Qualified', detail: { contactId: 'c', stage: 'sql' } }, campaigns),
    ).toEqual(['on-any-qualified']);
    expect(
      campaignsTriggeredBy(
        { detailType: 'Lead Received', detail: { contactId: 'c', sourceKind: 'form', sourceId: 'FORM1' } },
        campaigns,
      ),
    ).toEqual(['on-form']);
    expect(
      campaignsTriggeredBy(
        { detailType: 'Lead Received', detail: { contactId: 'c', sourceKind: 'webhook', sourceId: 'FORM1' } },
        campaigns,
      ),
    ).toEqual([]);
  });
});

describe('the simulation, step by step (what the console draws on each node)', () => {
  const { entries, passages } = simulateJourneyByStep(
    journey({ goal: { kind: 'field', field: 'lifecycleStage', operator: 'equals', value: 'customer' } }),
    [
      { id: 'opener', email: 'opener@example.com', behaviour: { opens: ['welcome'] } },
      { id: 'buyer', email: 'buyer@example.com', behaviour: { convertAfterDays: 1 } },
    ],
    monday10,
  );
  const path = (contact: string) =>
    passages
      .filter((passage) => passage.contact === contact)
      .map((passage) =>
        [passage.at.slice(0, 10), passage.stepId, passage.what, passage.outcome ?? passage.reason ?? '']
          .join(' ')
          .trim(),
      );

  it('passes through every step, waits, branches and goals included, each with when and why', () => {
    expect(path('opener@example.com')).toEqual([
      '2026-11-23 welcome email',
      '2026-11-23 two-days wait',
      '2026-11-25 opened-welcome branch then',
      '2026-11-25 case-study email',
      '2026-11-25 converted goal not-met',
      '2026-11-25 converted ended completed',
    ]);
    expect(passages.find((passage) => passage.stepId === 'two-days')?.until).toBe('2026-11-25T10:00:00.000Z');
  });

  it('files a contact who leaves under the step it would have run next', () => {
    expect(path('buyer@example.com')).toEqual([
      '2026-11-23 welcome email',
      '2026-11-23 two-days wait',
      '2026-11-25 opened-welcome ended converted',
    ]);
  });

  it('is the same simulation as the one npm run campaign -- simulate prints', () => {
    expect(entries).toEqual(
      simulateJourney(
        journey({ goal: { kind: 'field', field: 'lifecycleStage', operator: 'equals', value: 'customer' } }),
        [
          { id: 'opener', email: 'opener@example.com', behaviour: { opens: ['welcome'] } },
          { id: 'buyer', email: 'buyer@example.com', behaviour: { convertAfterDays: 1 } },
        ],
        monday10,
      ),
    );
    expect(entries.filter((entry) => entry.what === 'email')).toHaveLength(
      passages.filter((passage) => passage.what === 'email').length,
    );
  });
});
