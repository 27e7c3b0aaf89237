import { describe, expect, it } from 'vitest';
import { emailDomainType, scoreLead, type Engagement, type ScoringSubject } from '#shared/scoring/scoring-engine.ts';
import {
  LeadScore,
  ScoringModelInput,
  type BehaviourRule,
  type EngagementKind,
  type FitCondition,
  type ScoringModel,
} from '#shared/scoring/scoring-model.schema.ts';

const now = new Date('2026-03-01T12:00:00.000Z');
const dayMs = 86_400_000;
const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs).toISOString();

/** A stored model from input; grades A ≥ 50, B ≥ 30, C ≥ 10; stages lead ≥ 10, mql ≥ 50, sql ≥ 100. */
function aModel(input: Partial<ScoringModelInput> = {}): ScoringModel {
  const parsed = ScoringModelInput.parse({
    grades: { A: 50, B: 30, C: 10 },
    stages: { lead: 10, mql: 50, sql: 100 },
    ...input,
  });
  return {
    ...parsed,
    id: 'current',
    version: 7,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
}

function aSubject(
  contact: Partial<ScoringSubject['contact']> = {},
  company?: ScoringSubject['company'],
): ScoringSubject {
  return {
    contact: { email: 'ada@acme.io', lifecycleStage: 'lead', tags: [], customFields: {}, ...contact },
    ...(company ? { company } : {}),
  };
}

function engagements(count: number, kind: EngagementKind, details: Partial<Engagement> = {}): Engagement[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${kind}-${index}`,
    kind,
    occurredAt: daysAgo(1),
    ...details,
  }));
}

const aBehaviourRule = (rule: Partial<BehaviourRule> = {}): BehaviourRule => ({
  id: 'views',
  name: 'Page views',
  on: 'page_viewed',
  points: 5,
  ...rule,
});

/** Whether a single fit rule with this condition holds for the subject. */
function holds(when: FitCondition, subject: ScoringSubject, model: Partial<ScoringModelInput> = {}): boolean {
  const score = scoreLead(
    subject,
    [],
    aModel({ ...model, fitRules: [{ id: 'rule', name: 'Rule', when, points: 10 }] }),
    now,
  );
  return score.fit === 10;
}

/** Points of a single behaviour rule over the engagements (undefined when it is left out of the explanation). */
function behaviourOf(rule: BehaviourRule, activity: Engagement[]) {
  return scoreLead(aSubject(), activity, aModel({ behaviourRules: [rule] }), now).explanation.find(
    (entry) => entry.ruleId === rule.id,
  );
}

describe('fit rules', () => {
  it('equals compares text ignoring case and surrounding spaces', () => {
    expect(
      holds(
        { field: 'jobTitle', operator: 'equals', value: 'head of marketing' },
        aSubject({ jobTitle: '  Head of Marketing ' }),
      ),
    ).toBe(true);
    expect(
      holds(
        { field: 'jobTitle', operator: 'equals', value: ' HEAD OF MARKETING' },
        aSubject({ jobTitle: 'Head of Marketing' }),
      ),
    ).toBe(true);
    expect(
      holds({ field: 'jobTitle', operator: 'equals', value: 'Head' }, aSubject({ jobTitle: 'Head of Marketing' })),
    ).toBe(false);
    expect(
      holds({ field: 'lifecycleStage', operator: 'equals', value: 'MQL' }, aSubject({ lifecycleStage: 'mql' })),
    ).toBe(true);
  });

  it('equals a number or boolean after coercing the field value', () => {
    expect(
      holds({ field: 'custom.seats', operator: 'equals', value: 42 }, aSubject({ customFields: { seats: '42' } })),
    ).toBe(true);
    expect(
      holds({ field: 'custom.seats', operator: 'equals', value: 42 }, aSubject({ customFields: { seats: 42 } })),
    ).toBe(true);
    expect(
      holds({ field: 'custom.seats', operator: 'equals', value: 42 }, aSubject({ customFields: { seats: '43' } })),
    ).toBe(false);
    expect(
      holds(
        { field: 'custom.seats', operator: 'equals', value: 42 },
        aSubject({ customFields: { seats: 'forty-two' } }),
      ),
    ).toBe(false);
    expect(
      holds({ field: 'custom.trial', operator: 'equals', value: true }, aSubject({ customFields: { trial: 'TRUE' } })),
    ).toBe(true);
    expect(
      holds({ field: 'custom.trial', operator: 'equals', value: true }, aSubject({ customFields: { trial: true } })),
    ).toBe(true);
    expect(
      holds(
        { field: 'custom.trial', operator: 'equals', value: false },
        aSubject({ customFields: { trial: 'false' } }),
      ),
    ).toBe(true);
    expect(
      holds({ field: 'custom.trial', operator: 'equals', value: true }, aSubject({ customFields: { trial: 'yes' } })),
    ).toBe(false);
  });

  it('contains is a case-insensitive substring test', () => {
    expect(
      holds({ field: 'jobTitle', operator: 'contains', value: 'MARKET' }, aSubject({ jobTitle: 'VP Marketing' })),
    ).toBe(true);
    expect(
      holds({ field: 'jobTitle', operator: 'contains', value: 'sales' }, aSubject({ jobTitle: 'VP Marketing' })),
    ).toBe(false);
    expect(
      holds({ field: 'companyIndustry', operator: 'contains', value: 'soft' }, aSubject({}, { industry: 'Software' })),
    ).toBe(true);
  });

  it('in matches any of its values', () => {
    const dach: FitCondition = { field: 'country', operator: 'in', values: ['de', 'AT', 'ch'] };
    expect(holds(dach, aSubject({ country: 'DE' }))).toBe(true);
    expect(holds(dach, aSubject({ country: 'AT' }))).toBe(true);
    expect(holds(dach, aSubject({ country: 'FR' }))).toBe(false);
    expect(
      holds(
        { field: 'custom.employees', operator: 'in', values: [100, 250] },
        aSubject({ customFields: { employees: '250' } }),
      ),
    ).toBe(true);
  });

  it('range is inclusive and accepts numbers and numeric strings', () => {
    const range: FitCondition = { field: 'custom.employees', operator: 'range', min: 100, max: 250 };
    expect(holds(range, aSubject({ customFields: { employees: 100 } }))).toBe(true);
    expect(holds(range, aSubject({ customFields: { employees: 250 } }))).toBe(true);
    expect(holds(range, aSubject({ customFields: { employees: ' 180 ' } }))).toBe(true);
    expect(holds(range, aSubject({ customFields: { employees: 99 } }))).toBe(false);
    expect(holds(range, aSubject({ customFields: { employees: '251' } }))).toBe(false);
    expect(holds(range, aSubject({ customFields: { employees: 'lots' } }))).toBe(false);
    expect(
      holds({ field: 'custom.employees', operator: 'range', min: 100 }, aSubject({ customFields: { employees: 1e6 } })),
    ).toBe(true);
    expect(
      holds({ field: 'custom.employees', operator: 'range', max: 10 }, aSubject({ customFields: { employees: -3 } })),
    ).toBe(true);
  });

  it('ranges a company size by its lower bound', () => {
    expect(holds({ field: 'companySize', operator: 'range', min: 51 }, aSubject({}, { size: '51-200' }))).toBe(true);
    expect(holds({ field: 'companySize', operator: 'range', min: 52 }, aSubject({}, { size: '51-200' }))).toBe(false);
    expect(holds({ field: 'companySize', operator: 'range', max: 50 }, aSubject({}, { size: '51-200' }))).toBe(false);
    expect(holds({ field: 'companySize', operator: 'range', max: 50 }, aSubject({}, { size: '11-50' }))).toBe(true);
    expect(holds({ field: 'companySize', operator: 'range', min: 5001 }, aSubject({}, { size: '5001+' }))).toBe(true);
    expect(holds({ field: 'companySize', operator: 'equals', value: '51-200' }, aSubject({}, { size: '51-200' }))).toBe(
      true,
    );
  });

  it('matches tags when any tag matches', () => {
    const subject = aSubject({ tags: ['webinar-2026', 'VIP'] });
    expect(holds({ field: 'tags', operator: 'equals', value: 'vip' }, subject)).toBe(true);
    expect(holds({ field: 'tags', operator: 'contains', value: 'webinar' }, subject)).toBe(true);
    expect(holds({ field: 'tags', operator: 'in', values: ['partner', 'vip'] }, subject)).toBe(true);
    expect(holds({ field: 'tags', operator: 'equals', value: 'partner' }, subject)).toBe(false);
    expect(holds({ field: 'tags', operator: 'contains', value: 'vip' }, aSubject({ tags: [] }))).toBe(false);
  });

  it('reads the email domain after the last @, in lower case', () => {
    expect(
      holds({ field: 'emailDomain', operator: 'equals', value: 'acme.io' }, aSubject({ email: 'Ada@ACME.io' })),
    ).toBe(true);
    expect(
      holds({ field: 'emailDomain', operator: 'equals', value: 'acme.io' }, aSubject({ email: '"ada@home"@acme.io' })),
    ).toBe(true);
    expect(
      holds({ field: 'emailDomain', operator: 'equals', value: 'acme.io' }, aSubject({ email: 'ada@acme.io.example' })),
    ).toBe(false);
  });

  it('classifies email domains as free, business or competitor', () => {
    const lists = { competitorDomains: ['rival.com', 'gmail.com'], freeEmailDomains: ['mail.example'] };
    expect(emailDomainType('ada@yahoo.com', lists)).toBe('free');
    expect(emailDomainType('ada@OUTLOOK.com', lists)).toBe('free');
    expect(emailDomainType('ada@mail.example', lists)).toBe('free');
    expect(emailDomainType('ada@acme.io', lists)).toBe('business');
    expect(emailDomainType('ada@rival.com', lists)).toBe('competitor');
    expect(emailDomainType('ada@eu.Rival.com', lists)).toBe('competitor');
    expect(emailDomainType('ada@notrival.com', lists)).toBe('business');
    expect(emailDomainType('ada@gmail.com', lists)).toBe('competitor');
    expect(emailDomainType('ada@gmail.com', { competitorDomains: [], freeEmailDomains: [] })).toBe('free');
  });

  it('tests the email domain type using the model lists', () => {
    const model = { competitorDomains: ['rival.com'], freeEmailDomains: ['mail.example'] };
    const isType = (type: string, email: string) =>
      holds({ field: 'emailDomainType', operator: 'equals', value: type }, aSubject({ email }), model);
    expect(isType('free', 'ada@gmail.com')).toBe(true);
    expect(isType('free', 'ada@mail.example')).toBe(true);
    expect(isType('business', 'ada@acme.io')).toBe(true);
    expect(isType('competitor', 'ada@labs.rival.com')).toBe(true);
    expect(isType('business', 'ada@labs.rival.com')).toBe(false);
  });

  it('never matches a missing value, whatever the operator', () => {
    const bare = aSubject({ customFields: { empty: null, blank: '  ' } });
    const conditions: FitCondition[] = [
      { field: 'jobTitle', operator: 'equals', value: 'x' },
      { field: 'jobTitle', operator: 'contains', value: 'a' },
      { field: 'country', operator: 'in', values: ['DE', 'FR'] },
      { field: 'custom.employees', operator: 'range', max: 100 },
      { field: 'custom.empty', operator: 'range', min: -100, max: 100 },
      { field: 'custom.empty', operator: 'equals', value: false },
      { field: 'custom.blank', operator: 'range', max: 100 },
      { field: 'custom.blank', operator: 'equals', value: 0 },
      { field: 'custom.blank', operator: 'equals', value: ' ' },
      { field: 'companySize', operator: 'range', max: 10_000 },
      { field: 'companyIndustry', operator: 'contains', value: 'e' },
    ];
    expect(conditions.filter((condition) => holds(condition, bare))).toEqual([]);
    expect(holds({ field: 'companySize', operator: 'range', max: 10_000 }, aSubject({}, {}))).toBe(false);
  });

  it('adds negative points and each holding rule once', () => {
    const model = aModel({
      fitRules: [
        {
          id: 'free-mail',
          name: 'Free mail',
          when: { field: 'emailDomainType', operator: 'equals', value: 'free' },
          points: -20,
        },
        { id: 'vip', name: 'VIP', when: { field: 'tags', operator: 'contains', value: 'vip' }, points: 15 },
      ],
    });
    const score = scoreLead(aSubject({ email: 'ada@gmail.com', tags: ['vip', 'vip-2'] }), [], model, now);
    expect(score).toMatchObject({ fit: -5, behaviour: 0, total: -5, grade: 'D', stage: 'subscriber' });
    expect(score.explanation.map(({ ruleId, points }) => [ruleId, points])).toEqual([
      ['free-mail', -20],
      ['vip', 15],
    ]);
  });
});

describe('behaviour rules', () => {
  it('give full points per engagement without decay', () => {
    expect(behaviourOf(aBehaviourRule(), engagements(3, 'page_viewed', { occurredAt: daysAgo(400) }))).toMatchObject({
      points: 15,
      occurrences: 3,
    });
  });

  it('halve an engagement each half-life and give future-dated ones full points', () => {
    const rule = aBehaviourRule({ points: 10, halfLifeDays: 7 });
    expect(behaviourOf(rule, engagements(1, 'page_viewed', { occurredAt: daysAgo(7) }))?.points).toBe(5);
    expect(behaviourOf(rule, engagements(1, 'page_viewed', { occurredAt: daysAgo(14) }))?.points).toBe(2.5);
    expect(behaviourOf(rule, engagements(1, 'page_viewed', { occurredAt: daysAgo(0) }))?.points).toBe(10);
    expect(behaviourOf(rule, engagements(1, 'page_viewed', { occurredAt: daysAgo(-3) }))?.points).toBe(10);
  });

  it('round each rule to one decimal and the totals without float noise', () => {
    const rule = aBehaviourRule({ points: 10, halfLifeDays: 7 });
    expect(behaviourOf(rule, engagements(1, 'page_viewed', { occurredAt: daysAgo(1) }))?.points).toBe(9.1); // 10 × 0.5^(1/7) = 9.057
    const tenth = aBehaviourRule({ id: 'tenth', points: 1, halfLifeDays: 1 });
    const fifth = aBehaviourRule({ id: 'fifth', on: 'email_opened', points: 1, halfLifeDays: 1 });
    const activity = [
      ...engagements(1, 'page_viewed', { occurredAt: daysAgo(3.32) }),
      ...engagements(1, 'email_opened', { occurredAt: daysAgo(2.32) }),
    ];
    const score = scoreLead(aSubject(), activity, aModel({ behaviourRules: [tenth, fifth] }), now);
    expect(score.explanation.map(({ points }) => points)).toEqual([0.1, 0.2]);
    expect(score).toMatchObject({ behaviour: 0.3, total: 0.3 });
    const faded = behaviourOf(
      aBehaviourRule({ points: -1, halfLifeDays: 1 }),
      engagements(1, 'page_viewed', { occurredAt: daysAgo(10) }),
    );
    expect(faded).toMatchObject({ points: 0, occurrences: 1 });
    expect(Object.is(faded?.points, 0)).toBe(true);
  });

  it('cap the total at maxPoints and say so', () => {
    const rule = aBehaviourRule({ points: 5, maxPoints: 20 });
    expect(behaviourOf(rule, engagements(10, 'page_viewed'))).toEqual({
      ruleId: 'views',
      ruleName: 'Page views',
      kind: 'behaviour',
      points: 20,
      occurrences: 10,
      capped: true,
    });
    expect(behaviourOf(rule, engagements(4, 'page_viewed'))).toEqual({
      ruleId: 'views',
      ruleName: 'Page views',
      kind: 'behaviour',
      points: 20,
      occurrences: 4,
    });
    expect(behaviourOf(rule, engagements(3, 'page_viewed'))).not.toHaveProperty('capped');
  });

  it('cap negative totals too', () => {
    const rule = aBehaviourRule({
      id: 'bounces',
      name: 'Bounced back',
      on: 'event_tracked',
      points: -5,
      maxPoints: 20,
    });
    expect(behaviourOf(rule, engagements(10, 'event_tracked'))).toMatchObject({
      points: -20,
      occurrences: 10,
      capped: true,
    });
    expect(behaviourOf(rule, engagements(2, 'event_tracked'))).toMatchObject({ points: -10, occurrences: 2 });
  });

  it('count only engagements of their kind that pass the match filters', () => {
    const activity: Engagement[] = [
      {
        id: '1',
        kind: 'event_tracked',
        occurredAt: daysAgo(1),
        name: 'Trial Started',
        url: 'https://app.example/Pricing?plan=pro',
        sourceId: 'camp-1',
      },
      {
        id: '2',
        kind: 'event_tracked',
        occurredAt: daysAgo(1),
        name: 'trial started ',
        url: 'https://app.example/docs',
        sourceId: 'CAMP-1',
      },
      { id: '3', kind: 'event_tracked', occurredAt: daysAgo(1), name: 'Demo booked' },
      { id: '4', kind: 'event_tracked', occurredAt: daysAgo(1) },
      {
        id: '5',
        kind: 'page_viewed',
        occurredAt: daysAgo(1),
        name: 'Trial started',
        url: 'https://app.example/pricing',
        sourceId: 'camp-1',
      },
    ];
    const count = (match: BehaviourRule['match']) =>
      behaviourOf(aBehaviourRule({ on: 'event_tracked', points: 1, match }), activity)?.occurrences ?? 0;
    expect(count(undefined)).toBe(4);
    expect(count({ name: 'TRIAL STARTED' })).toBe(2);
    expect(count({ urlContains: '/pricing' })).toBe(1);
    expect(count({ sourceId: 'camp-1' })).toBe(1);
    expect(count({ name: 'trial started', urlContains: 'docs' })).toBe(1);
    expect(count({ name: 'Webinar' })).toBe(0);
  });

  it('leave rules without matching engagements out of the explanation', () => {
    expect(behaviourOf(aBehaviourRule(), engagements(3, 'email_opened'))).toBeUndefined();
  });
});

describe('grade and stage', () => {
  const gradeFor = (fitPoints: number) =>
    scoreLead(
      aSubject(),
      [],
      aModel({
        fitRules: [
          {
            id: 'fit',
            name: 'Fit',
            when: { field: 'lifecycleStage', operator: 'equals', value: 'lead' },
            points: fitPoints,
          },
        ],
      }),
      now,
    ).grade;
  const stageFor = (fitPoints: number, behaviourPoints: number) =>
    scoreLead(
      aSubject(),
      engagements(1, 'form_submitted'),
      aModel({
        fitRules: [
          {
            id: 'fit',
            name: 'Fit',
            when: { field: 'lifecycleStage', operator: 'equals', value: 'lead' },
            points: fitPoints,
          },
        ],
        behaviourRules: [{ id: 'form', name: 'Form', on: 'form_submitted', points: behaviourPoints }],
      }),
      now,
    ).stage;

  it('grade the fit points, each threshold inclusive', () => {
    expect([50, 49, 30, 29, 10, 9, -5].map(gradeFor)).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });

  it('stage the total of fit and behaviour, each threshold inclusive', () => {
    expect(stageFor(5, 4)).toBe('subscriber');
    expect(stageFor(5, 5)).toBe('lead');
    expect(stageFor(40, 9)).toBe('lead');
    expect(stageFor(40, 10)).toBe('mql');
    expect(stageFor(60, 39)).toBe('mql');
    expect(stageFor(60, 40)).toBe('sql');
    expect(stageFor(-20, 25)).toBe('subscriber');
  });
});

describe('lead score', () => {
  const model = aModel({
    behaviourRules: [
      { id: 'opens', name: 'Email opens', on: 'email_opened', points: 2, maxPoints: 6 },
      { id: 'webinar', name: 'Webinar signup', on: 'form_submitted', match: { sourceId: 'form-webinar' }, points: 20 },
      {
        id: 'pricing',
        name: 'Pricing page',
        on: 'page_viewed',
        match: { urlContains: '/pricing' },
        points: 10,
        halfLifeDays: 14,
      },
    ],
    fitRules: [
      {
        id: 'marketer',
        name: 'Marketing title',
        when: { field: 'jobTitle', operator: 'contains', value: 'marketing' },
        points: 20,
      },
      { id: 'dach', name: 'DACH', when: { field: 'country', operator: 'in', values: ['DE', 'AT', 'CH'] }, points: 10 },
      {
        id: 'mid-size',
        name: 'Mid-size company',
        when: { field: 'companySize', operator: 'range', min: 51, max: 1000 },
        points: 15,
      },
    ],
  });
  const subject = aSubject({ jobTitle: 'Head of Marketing', country: 'FR' }, { size: '201-500', industry: 'Software' });
  const activity: Engagement[] = [
    ...engagements(5, 'email_opened'),
    { id: 'pv-1', kind: 'page_viewed', occurredAt: daysAgo(14), url: 'https://relay.example/pricing' },
    { id: 'pv-2', kind: 'page_viewed', occurredAt: daysAgo(0), url: 'https://relay.example/PRICING#plans' },
    { id: 'pv-3', kind: 'page_viewed', occurredAt: daysAgo(0), url: 'https://relay.example/blog' },
  ];

  it('explains fit rules first, then behaviour rules, each in model order', () => {
    const score = scoreLead(subject, activity, model, now);
    expect(score).toEqual({
      total: 56,
      fit: 35,
      behaviour: 21,
      grade: 'B',
      stage: 'mql',
      explanation: [
        { ruleId: 'marketer', ruleName: 'Marketing title', kind: 'fit', points: 20 },
        { ruleId: 'mid-size', ruleName: 'Mid-size company', kind: 'fit', points: 15 },
        { ruleId: 'opens', ruleName: 'Email opens', kind: 'behaviour', points: 6, occurrences: 5, capped: true },
        { ruleId: 'pricing', ruleName: 'Pricing page', kind: 'behaviour', points: 15, occurrences: 2 },
      ],
      scoredAt: '2026-03-01T12:00:00.000Z',
      modelVersion: 7,
    });
    expect(LeadScore.safeParse(score).success).toBe(true);
  });

  it('is deterministic and leaves its inputs untouched', () => {
    const before = structuredClone({ subject, activity, model });
    const first = scoreLead(subject, activity, model, now);
    expect(scoreLead(subject, activity, model, new Date(now.getTime()))).toEqual(first);
    expect({ subject, activity, model }).toEqual(before);
  });
});

describe('scoring model validation', () => {
  const base = { grades: { A: 50, B: 30, C: 10 }, stages: { lead: 10, mql: 50, sql: 100 } };
  const messages = (input: unknown) => {
    const result = ScoringModelInput.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts a minimal model', () => {
    expect(messages(base)).toEqual([]);
  });

  it('rejects rule ids used twice, across fit and behaviour rules', () => {
    const fitRule = { id: 'dup', name: 'Fit', when: { field: 'country', operator: 'equals', value: 'DE' }, points: 5 };
    expect(
      messages({
        ...base,
        fitRules: [fitRule],
        behaviourRules: [{ id: 'dup', name: 'Opens', on: 'email_opened', points: 1 }],
      }),
    ).toEqual(['fitRules: rule ids must be unique']);
    expect(messages({ ...base, fitRules: [fitRule, fitRule] })).toEqual(['fitRules: rule ids must be unique']);
  });

  it('rejects a range with min above max or with neither bound', () => {
    const rule = (when: object) => ({ ...base, fitRules: [{ id: 'size', name: 'Size', when, points: 5 }] });
    expect(messages(rule({ field: 'companySize', operator: 'range', min: 500, max: 50 }))).toEqual([
      'fitRules.0.when: min must not exceed max',
    ]);
    expect(messages(rule({ field: 'companySize', operator: 'range' }))).toEqual([
      'fitRules.0.when: a range needs min, max or both',
    ]);
  });

  it('rejects thresholds out of order', () => {
    expect(messages({ ...base, grades: { A: 30, B: 30, C: 10 } })).toEqual([
      'grades: grade thresholds must decrease from A to C',
    ]);
    expect(messages({ ...base, stages: { lead: 10, mql: 100, sql: 50 } })).toEqual([
      'stages: stage thresholds must increase from lead to mql to sql',
    ]);
  });
});
