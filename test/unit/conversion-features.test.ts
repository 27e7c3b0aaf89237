import { describe, expect, it } from 'vitest';
import {
  becameCustomerWithin,
  conversionExamples,
  conversionFeatures,
  defaultFeatureSpec,
  featureVector,
  wasCustomerAt,
  type ConversionContact,
} from '#shared/conversion/conversion-features.rules.ts';
import type { EngagementKind } from '#shared/scoring/scoring-model.schema.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

/** A contact created on day 0 at a software company, with engagements and wins on the given days. */
function aContact(
  options: {
    id?: string;
    createdDay?: number;
    industry?: string;
    size?: string;
    email?: string;
    engagements?: [EngagementKind, number][];
    wonDays?: number[];
  } = {},
): ConversionContact {
  return {
    contactId: options.id ?? 'C1',
    createdAt: day(options.createdDay ?? 0),
    subject: {
      contact: {
        email: options.email ?? 'ada@acme.example',
        country: 'DE',
        lifecycleStage: 'lead',
        tags: [],
        customFields: {},
      },
      company: { industry: options.industry ?? 'Software', size: options.size ?? '51-200' },
    },
    engagements: (options.engagements ?? []).map(([kind, n]) => ({ kind, occurredAt: day(n) })),
    dealsWonAt: (options.wonDays ?? []).map(day),
  };
}

describe('the label: became a customer within a window', () => {
  it('counts a win from the instant to the end of the window, and not a contact that was a customer already', () => {
    const wonOnDay50 = aContact({ wonDays: [50] });
    expect(becameCustomerWithin(wonOnDay50, day(10), 40)).toBe(false); // the window ends on day 50, exclusive
    expect(becameCustomerWithin(wonOnDay50, day(10), 41)).toBe(true);
    expect(becameCustomerWithin(wonOnDay50, day(50), 1)).toBe(true);
    expect(becameCustomerWithin(wonOnDay50, day(51), 90)).toBe(false);
    expect(wasCustomerAt(wonOnDay50, day(50))).toBe(false);
    expect(wasCustomerAt(wonOnDay50, day(51))).toBe(true);
    // A customer since day 5 who wins again on day 50 did not "become" one then.
    expect(becameCustomerWithin(aContact({ wonDays: [50, 5] }), day(10), 90)).toBe(false);
  });

  it('takes as examples the contacts that existed and were not customers at each instant, and refuses an unfinished window', () => {
    const contacts = [
      aContact({ id: 'old-customer', wonDays: [5] }),
      aContact({ id: 'converts', wonDays: [40] }),
      aContact({ id: 'never' }),
      aContact({ id: 'created-later', createdDay: 31 }),
    ];
    const examples = conversionExamples(contacts, { asOfs: [day(30)], windowDays: 30, now: day(60) });
    expect(examples.map((example) => [example.contact.contact.contactId, example.converted])).toEqual([
      ['converts', true],
      ['never', false],
    ]);
    expect(() => conversionExamples(contacts, { asOfs: [day(31)], windowDays: 30, now: day(60) })).toThrow(
      /has not ended/,
    );
  });
});

describe('the features', () => {
  const spec = { ...defaultFeatureSpec, minimumValueCount: 2 };
  const contacts = [
    aContact({ id: 'a', industry: 'Software', engagements: [['email_opened', 1]] }),
    aContact({ id: 'b', industry: 'software', size: '1-10' }),
    aContact({ id: 'c', industry: 'Retail', email: 'c@gmail.com' }),
  ];
  const examples = conversionExamples(contacts, { asOfs: [day(20)], windowDays: 10, now: day(30) });
  const features = conversionFeatures(examples, spec);

  it('one-hots each fit value that enough examples have, with a name a person reads, ignoring case', () => {
    const fit = features.filter((feature) => feature.kind === 'fit');
    expect(fit.map((feature) => feature.name)).toEqual([
      // Retail (1 contact) and 1-10 (1) are too rare for a minimum of 2; 'Software' and 'software' are one value.
      'industry: software',
      'company size: 51-200',
      'country: de',
      'email domain: business',
    ]);
  });

  it('counts how new the contact is, and only the engagement kinds that occur, as log(1 + count) and "in the last N days"', () => {
    expect(features.filter((feature) => feature.kind !== 'fit').map((feature) => feature.name)).toEqual([
      'became a contact in the last 30 days',
      'became a contact in the last 90 days',
      'emails opened (log of 1 + count)',
      'opened an email in the last 7 days',
      'opened an email in the last 30 days',
    ]);
  });

  it('reads a contact as of an instant: nothing after it, recency measured back from it', () => {
    const contact = aContact({
      engagements: [
        ['email_opened', 1],
        ['email_opened', 15],
        ['email_opened', 18],
        ['email_opened', 25], // after the instant: the future
        ['page_viewed', 2], // not a feature of this model
      ],
    });
    const asOf = day(20);
    const values = Object.fromEntries(
      features.map((feature, j) => [feature.name, featureVector(features, contact, asOf, spec)[j]]),
    );
    expect(values).toEqual({
      'industry: software': 1,
      'company size: 51-200': 1,
      'country: de': 1,
      'email domain: business': 1,
      'became a contact in the last 30 days': 1,
      'became a contact in the last 90 days': 1,
      'emails opened (log of 1 + count)': Math.log(1 + 3),
      'opened an email in the last 7 days': 1, // days 15 and 18 are within 7 days of day 20
      'opened an email in the last 30 days': 1,
    });
    // The same contact seen earlier knows less: one open, 9 days old.
    expect(featureVector(features, contact, day(10), spec).slice(6)).toEqual([Math.log(2), 0, 1]);
    // Forty days on, it is no longer a contact of the last 30 days.
    expect(featureVector(features, contact, day(40), spec).slice(4, 6)).toEqual([0, 1]);
    // A free-mail contact in retail matches none of the software, business-domain indicators.
    expect(featureVector(features, contacts[2]!, asOf, spec).slice(0, 4)).toEqual([0, 1, 1, 0]);
  });
});
