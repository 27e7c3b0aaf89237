import { describe, expect, it } from 'vitest';
import { generateHistory } from '#local/history/generate-history.ts';
import { contactsForConversion, demoRulesScore } from '#local/history/history-for-learning.ts';
import type { ConversionContact } from '#shared/conversion/conversion-features.rules.ts';
import {
  formatPoints,
  heldOutPosition,
  likelihoodToConvert,
  predictConversion,
  snapshotInstants,
  topFactors,
  trainConversionModel,
} from '#shared/conversion/conversion-model.rules.ts';
import { ConversionModel } from '#shared/conversion/conversion-model.schema.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

function aContact(engagementDays: number[], industry = 'software'): ConversionContact {
  return {
    contactId: 'C1',
    createdAt: day(0),
    subject: {
      contact: { email: 'ada@acme.example', country: 'DE', lifecycleStage: 'lead', tags: [], customFields: {} },
      company: { industry },
    },
    engagements: engagementDays.map((n) => ({ kind: 'email_opened' as const, occurredAt: day(n) })),
    dealsWonAt: [],
  };
}

/**
 * A model written by hand: the baseline contact is at log-odds 0 (50 %); software adds ln 2 for each unit above its
 * mean of ½, and each unit of log(1 + opens) above its mean of log 2 (one open) adds 1.
 */
const handModel: ConversionModel = ConversionModel.parse({
  kind: 'logistic-regression',
  formatVersion: 1,
  version: 3,
  trainedAt: day(100),
  training: {
    asOfs: [day(10)],
    windowDays: 90,
    heldOutShare: 0.2,
    contacts: 100,
    examples: 100,
    positives: 50,
    negatives: 50,
  },
  spec: {
    fitFields: ['companyIndustry'],
    recentDays: [],
    newContactDays: [],
    minimumValueCount: 1,
    domains: { competitorDomains: [], freeEmailDomains: [] },
  },
  l2: 1,
  intercept: -(Math.LN2 * 0.5) - Math.LN2,
  features: [
    {
      feature: {
        id: 'fit:companyIndustry=software',
        group: 'fit:companyIndustry',
        name: 'industry: software',
        kind: 'fit',
        field: 'companyIndustry',
        value: 'software',
      },
      weight: Math.LN2,
      mean: 0.5,
    },
    {
      feature: {
        id: 'count:email_opened',
        group: 'engagement:email_opened',
        name: 'emails opened (log of 1 + count)',
        kind: 'engagement-count',
        engagement: 'email_opened',
      },
      weight: 1,
      mean: Math.LN2,
    },
  ],
  baseline: { logOdds: 0, probability: 0.5 },
  optimiser: { method: 'newton', iterations: 5, converged: true },
  metrics: { training: { auc: 0.8, logLoss: 0.5 }, heldOut: null },
});

describe('a prediction explained, by hand', () => {
  it('splits the prediction minus the baseline into its factors, in proportion to their log-odds', () => {
    // Software: ln 2 × (1 − ½) = ½ ln 2; three opens: 1 × (log 4 − log 2) = ln 2. Log-odds 1.5 ln 2, so
    // p = 1 ÷ (1 + 2^−1.5) = 0.738796, and its 0.238796 above ½ splits ⅓ to software and ⅔ to the opens.
    const prediction = predictConversion(handModel, aContact([1, 2, 3]), day(10));
    expect(prediction.probability).toBeCloseTo(0.738796, 6);
    expect(prediction.baseline).toBe(0.5);
    expect(prediction.factors.map((factor) => [factor.text, factor.points])).toEqual([
      ['opened 3 emails: +16 %', expect.closeTo(0.159197, 6)],
      ['industry: software: +8 %', expect.closeTo(0.079599, 6)],
    ]);
    expect(prediction.modelVersion).toBe(3);
  });

  it('says what takes a contact below the baseline, and what it does not know', () => {
    const prediction = predictConversion(handModel, aContact([], 'retail'), day(10));
    // Not software: −½ ln 2; no opens: −ln 2. Log-odds −1.5 ln 2: p = 0.261204.
    expect(prediction.probability).toBeCloseTo(0.261204, 6);
    expect(prediction.factors.map((factor) => factor.text)).toEqual([
      'never opened an email: −16 %',
      'industry: retail (too rare in the history to learn from): −8 %',
    ]);
    const unknown = predictConversion(
      handModel,
      { ...aContact([1]), subject: { contact: aContact([]).subject.contact } },
      day(10),
    );
    expect(unknown.factors.map((factor) => factor.words)).toEqual(['industry: not known', 'opened an email']);
  });

  it('at the baseline itself, every factor is 0 and the points still add up', () => {
    // An industry of half software cannot exist, so take the opens alone: one open is the mean.
    const opensOnly = { ...handModel, features: handModel.features.slice(1), intercept: -Math.LN2 };
    const prediction = predictConversion(opensOnly, aContact([1]), day(10));
    expect(prediction.probability).toBeCloseTo(0.5, 12);
    expect(prediction.factors.map((factor) => factor.points)).toEqual([0]);
  });

  it('rounds points to whole percentage points, or one decimal below one point', () => {
    expect([formatPoints(0.1249), formatPoints(-0.031), formatPoints(0.0042), formatPoints(0)]).toEqual([
      '+12 %',
      '−3 %',
      '+0.4 %',
      '±0 %',
    ]);
  });
});

describe('too little history', () => {
  it('trains nothing below the minimum of converted and unconverted examples, says the counts, and leaves the rules score alone', () => {
    const history = generateHistory({ seed: 7, months: 6, endMonth: '2026-12', contactsPerMonth: 10 });
    const contacts = contactsForConversion(history);
    const training = trainConversionModel(contacts, { now: history.to });
    expect(training.status).toBe('not-enough-data');
    if (training.status !== 'not-enough-data') return;
    expect(training.positives).toBeLessThan(50);
    expect(training.positives + training.negatives).toBe(training.examples);
    expect(training.negatives).toBeGreaterThan(0);
    expect(training.message).toContain(`${training.positives} contacts became customers within 90 days`);
    expect(likelihoodToConvert(training, contacts[0]!, history.to)).toEqual({
      status: 'rules-only',
      reason: training.message,
    });
    expect(likelihoodToConvert(undefined, contacts[0]!, history.to).status).toBe('rules-only');
    // The same history is enough for a lower minimum.
    const lenient = trainConversionModel(contacts, {
      now: history.to,
      minimumPositives: training.positives,
      minimumNegatives: 1,
    });
    expect(lenient.status).toBe('trained');
  });
});

describe('learning from the generated history (seed 20, 24 months)', () => {
  const history = generateHistory({ seed: 20, months: 24, endMonth: '2026-12' });
  const contacts = contactsForConversion(history);
  const training = trainConversionModel(contacts, { now: history.to, rulesScore: demoRulesScore });
  if (training.status !== 'trained') throw new Error(training.message);
  const { model } = training;

  it('is plain data that parses as the stored model, with its window, samples and metrics', () => {
    expect(ConversionModel.parse(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(model.training.asOfs).toEqual(snapshotInstants(history.to, 90, 6, 30));
    expect(model.training.positives).toBeGreaterThanOrEqual(50);
    expect(model.optimiser.converged).toBe(true);
    expect(model.features.map(({ feature }) => feature.name)).toEqual(
      expect.arrayContaining(['industry: software', 'company size: 1-10', 'opened an email in the last 7 days']),
    );
  });

  it('finds the planted signal: software over retail, mid-size over the smallest, recent engagement of each kind', () => {
    const weight = (name: string) => model.features.find(({ feature }) => feature.name === name)!.weight;
    expect(weight('industry: software')).toBeGreaterThan(weight('industry: retail'));
    expect(weight('company size: 201-1000')).toBeGreaterThan(weight('company size: 1-10'));
    for (const recently of [
      'submitted a form in the last 30 days',
      'opened an email in the last 30 days',
      'clicked a link in an email in the last 30 days',
      'viewed a page in the last 30 days',
    ])
      expect(weight(recently)).toBeGreaterThan(0);
    // Deals come within weeks of a contact's arrival, so a new contact is far likelier to convert.
    expect(weight('became a contact in the last 90 days')).toBeGreaterThan(1);
  });

  it('ranks held-out contacts better than today’s rules score does (AUC), on the same examples', () => {
    const heldOut = model.metrics.heldOut!;
    expect(heldOut.examples).toBeGreaterThan(1000);
    expect(heldOut.rulesAuc).not.toBeNull();
    expect(heldOut.auc).toBeGreaterThan(heldOut.rulesAuc!);
    expect(heldOut.auc).toBeGreaterThan(0.7);
  });

  it('holds out the same contacts every time, and learns nothing from them', () => {
    const heldOutIds = contacts.filter((contact) => heldOutPosition(contact.contactId) < 0.2).map((c) => c.contactId);
    expect(heldOutIds.length / contacts.length).toBeGreaterThan(0.15);
    expect(heldOutIds.length / contacts.length).toBeLessThan(0.25);
    const withoutHeldOut = contacts.filter((contact) => !heldOutIds.includes(contact.contactId));
    const again = trainConversionModel(withoutHeldOut, { now: history.to });
    if (again.status !== 'trained') throw new Error(again.message);
    expect(again.model.features).toEqual(model.features);
    expect(again.model.intercept).toBe(model.intercept);
  });

  it('explains every prediction with factors that add up to it exactly', () => {
    const asOf = model.training.asOfs[model.training.asOfs.length - 1]!;
    for (const contact of contacts.slice(0, 2000)) {
      const prediction = predictConversion(model, contact, asOf);
      const sum = prediction.factors.reduce((total, factor) => total + factor.points, 0);
      expect(sum).toBeCloseTo(prediction.probability - prediction.baseline, 12);
      expect(prediction.factors.map((factor) => factor.group)).toEqual(
        expect.arrayContaining(['fit:companyIndustry', 'age', 'engagement:email_opened']),
      );
      expect(prediction.factors.find((factor) => factor.group === 'age')!.words).toMatch(/^a contact for \d+ days?$/);
    }
    const engaged = contacts.find((contact) => contact.engagements.length > 8)!;
    const asOfEngaged = new Date(Date.parse(engaged.engagements[0]!.occurredAt) + 86_400_000 * 61).toISOString();
    const top = topFactors(predictConversion(model, engaged, asOfEngaged));
    expect(top).toHaveLength(3);
    expect(top[0]!.text).toMatch(/: [+−±][\d.]+ %$/);
  });
});
