import { fitFieldValues, type ScoringSubject } from '../scoring/fit-conditions.ts';
import type { EngagementKind, FitField } from '../scoring/scoring-model.schema.ts';
import type { ConversionFeature, ConversionFeatureSpec } from './conversion-model.schema.ts';
import { engagementKinds } from '../scoring/scoring-model.schema.ts';

export type { ConversionFeature, ConversionFeatureSpec } from './conversion-model.schema.ts';

/**
 * The features of "will this contact become a customer?" (issue 20, likelihood to convert), read from what Relay
 * stores of a contact: its fit fields (as fit rules read them) and its engagements, each as of an instant. Pure.
 */

/** A contact as the model learns from it and scores it: fit, engagements, and when its deals were won. */
export interface ConversionContact {
  contactId: string;
  createdAt: string;
  /** Fit fields exactly as the rules score reads them (contact, and its company when linked). */
  subject: ScoringSubject;
  engagements: readonly { kind: EngagementKind; occurredAt: string }[];
  /** When each of the contact's deals was won (any order): the first one makes it a customer. */
  dealsWonAt: readonly string[];
}

/**
 * Job titles and tags are left out: titles are free text (a rule's `contains` reads them better than one value each),
 * and tags are often set after the fact (a tag "customer" would leak the label). The lifecycle stage is left out
 * because Relay stores only the current one: read as of a past instant it would tell the future.
 */
export const defaultFeatureSpec: ConversionFeatureSpec = {
  fitFields: ['companyIndustry', 'companySize', 'country', 'emailDomainType'],
  recentDays: [7, 30],
  newContactDays: [30, 90],
  minimumValueCount: 10,
  domains: { competitorDomains: [], freeEmailDomains: [] },
};

const dayMs = 86_400_000;

/** How each engagement kind reads in a sentence: "opened an email", "opened 3 emails". */
export const engagementWords: Record<
  EngagementKind,
  { one: string; many: (count: number) => string; counted: string }
> = {
  form_submitted: { one: 'submitted a form', many: (n) => `submitted ${n} forms`, counted: 'forms submitted' },
  email_opened: { one: 'opened an email', many: (n) => `opened ${n} emails`, counted: 'emails opened' },
  email_clicked: {
    one: 'clicked a link in an email',
    many: (n) => `clicked ${n} links in emails`,
    counted: 'email links clicked',
  },
  email_replied: { one: 'replied to an email', many: (n) => `replied to ${n} emails`, counted: 'emails replied to' },
  page_viewed: { one: 'viewed a page', many: (n) => `viewed ${n} pages`, counted: 'pages viewed' },
  event_tracked: { one: 'did a tracked event', many: (n) => `did ${n} tracked events`, counted: 'tracked events' },
  survey_answered: { one: 'answered a survey', many: (n) => `answered ${n} surveys`, counted: 'surveys answered' },
};

const fieldWords: Partial<Record<string, string>> = {
  companyIndustry: 'industry',
  companySize: 'company size',
  country: 'country',
  emailDomainType: 'email domain',
  emailDomain: 'email domain name',
  jobTitle: 'job title',
  lifecycleStage: 'lifecycle stage',
  tags: 'tag',
};

/** "industry", "company size", or a custom field's own name. */
export function fitFieldWords(field: FitField): string {
  return field.startsWith('custom.') ? field.slice('custom.'.length) : (fieldWords[field] ?? field);
}

const normalised = (value: string | number | boolean) => String(value).trim().toLowerCase();

/** The contact's values of a fit field, as lower-case text (a fit rule's comparison ignores case too). */
export function fitValuesOf(contact: ConversionContact, field: FitField, spec: ConversionFeatureSpec): string[] {
  return [...new Set(fitFieldValues(field, contact.subject, spec.domains).map(normalised))];
}

/**
 * A contact read once for many instants: its times parsed and sorted, its fit values read. Training looks at each
 * contact at several instants, so this is what keeps 100,000 contacts to seconds.
 */
export interface PreparedContact {
  contact: ConversionContact;
  createdAtMs: number;
  /** Instants of won deals, sorted. */
  wonAtMs: number[];
  /** Per engagement kind, its instants, sorted (unreadable ones left out). */
  engagementTimes: Map<EngagementKind, number[]>;
  fitValues: Map<FitField, Set<string>>;
}

export function prepareContact(contact: ConversionContact, spec: ConversionFeatureSpec): PreparedContact {
  const engagementTimes = new Map<EngagementKind, number[]>();
  for (const engagement of contact.engagements) {
    const at = Date.parse(engagement.occurredAt);
    if (Number.isNaN(at)) continue;
    const times = engagementTimes.get(engagement.kind) ?? [];
    times.push(at);
    engagementTimes.set(engagement.kind, times);
  }
  for (const times of engagementTimes.values()) times.sort((a, b) => a - b);
  return {
    contact,
    createdAtMs: Date.parse(contact.createdAt),
    wonAtMs: contact.dealsWonAt.map((at) => Date.parse(at)).sort((a, b) => a - b),
    engagementTimes,
    fitValues: new Map(spec.fitFields.map((field) => [field, new Set(fitValuesOf(contact, field, spec))])),
  };
}

/** How many of the sorted instants are before `at`. */
function countBefore(sorted: readonly number[], at: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** True when a deal of the contact had been won before `asOf`: it was a customer already. */
export function wasCustomerAt(contact: ConversionContact, asOf: string): boolean {
  const at = Date.parse(asOf);
  return contact.dealsWonAt.some((wonAt) => Date.parse(wonAt) < at);
}

/** The label: not a customer at `asOf`, and a deal won from `asOf` to `windowDays` later. */
export function becameCustomerWithin(contact: ConversionContact, asOf: string, windowDays: number): boolean {
  const from = Date.parse(asOf);
  const firstWin = Math.min(...contact.dealsWonAt.map((wonAt) => Date.parse(wonAt)));
  return firstWin >= from && firstWin < from + windowDays * dayMs;
}

/** One training example: a contact as it stood at an instant, and whether it converted within the window after. */
export interface ConversionExample {
  contact: PreparedContact;
  asOf: string;
  converted: boolean;
}

/**
 * The examples a history teaches at the given instants: every contact created before the instant that was not yet a
 * customer then, labelled by whether it became one within `windowDays`. An instant whose window has not ended by
 * `now` is refused, since its labels are not known yet.
 */
export function conversionExamples(
  contacts: readonly ConversionContact[],
  options: { asOfs: readonly string[]; windowDays: number; now: string; spec?: ConversionFeatureSpec },
): ConversionExample[] {
  const now = Date.parse(options.now);
  const windowMs = options.windowDays * dayMs;
  for (const asOf of options.asOfs)
    if (Date.parse(asOf) + windowMs > now)
      throw new RangeError(`the ${options.windowDays}-day window after ${asOf} has not ended by ${options.now}`);
  const prepared = contacts.map((contact) => prepareContact(contact, options.spec ?? defaultFeatureSpec));
  return options.asOfs.flatMap((asOf) => {
    const at = Date.parse(asOf);
    return prepared
      .filter((contact) => contact.createdAtMs < at && !(contact.wonAtMs[0]! < at))
      .map((contact) => ({
        contact,
        asOf,
        converted: contact.wonAtMs[0] !== undefined && contact.wonAtMs[0] < at + windowMs,
      }));
  });
}

/**
 * The feature columns a set of examples supports: for each fit field, one indicator per value that at least
 * `minimumValueCount` examples have (sorted); how new the contact was ("a contact for at most N days"); and for each
 * engagement kind that occurs before an example's instant, its count (as log(1 + count), since the tenth email opened
 * says less than the first) and one indicator per recency window.
 */
export function conversionFeatures(
  examples: readonly ConversionExample[],
  spec: ConversionFeatureSpec = defaultFeatureSpec,
): ConversionFeature[] {
  const fit = spec.fitFields.flatMap((field): ConversionFeature[] => {
    const counts = new Map<string, number>();
    for (const { contact } of examples)
      for (const value of contact.fitValues.get(field) ?? []) counts.set(value, (counts.get(value) ?? 0) + 1);
    return [...counts]
      .filter(([, count]) => count >= spec.minimumValueCount)
      .map(([value]) => value)
      .sort()
      .map((value) => ({
        id: `fit:${field}=${value}`,
        group: `fit:${field}`,
        name: `${fitFieldWords(field)}: ${value}`,
        kind: 'fit',
        field,
        value,
      }));
  });
  const age = spec.newContactDays.map((days): ConversionFeature => ({
    id: `age:${days}d`,
    group: 'age',
    name: `became a contact in the last ${days} days`,
    kind: 'contact-age',
    days,
  }));
  const seen = new Set<EngagementKind>();
  for (const { contact, asOf } of examples) {
    const at = Date.parse(asOf);
    for (const [kind, times] of contact.engagementTimes) if (times[0]! < at) seen.add(kind);
  }
  const engagement = engagementKinds
    .filter((kind) => seen.has(kind))
    .flatMap((kind): ConversionFeature[] => [
      {
        id: `count:${kind}`,
        group: `engagement:${kind}`,
        name: `${engagementWords[kind].counted} (log of 1 + count)`,
        kind: 'engagement-count',
        engagement: kind,
      },
      ...spec.recentDays.map((days): ConversionFeature => ({
        id: `recent:${kind}:${days}d`,
        group: `engagement:${kind}`,
        name: `${engagementWords[kind].one} in the last ${days} days`,
        kind: 'engagement-recent',
        engagement: kind,
        days,
      })),
    ]);
  return [...fit, ...age, ...engagement];
}

/** A contact's engagements of one kind before `asOf`: how many, and how many in each recency window. */
export function engagementCounts(
  contact: PreparedContact,
  kind: EngagementKind,
  asOf: string,
  recentDays: readonly number[],
): { total: number; recent: Map<number, number> } {
  const at = Date.parse(asOf);
  const times = contact.engagementTimes.get(kind) ?? [];
  // Only what had happened by the instant: a later engagement is the future.
  const total = countBefore(times, at);
  return { total, recent: new Map(recentDays.map((days) => [days, total - countBefore(times, at - days * dayMs)])) };
}

/** The contact's feature vector as of `asOf`, one value per feature in order; nothing after `asOf` is read. */
export function featureVector(
  features: readonly ConversionFeature[],
  contact: ConversionContact | PreparedContact,
  asOf: string,
  spec: ConversionFeatureSpec = defaultFeatureSpec,
): number[] {
  const prepared = 'engagementTimes' in contact ? contact : prepareContact(contact, spec);
  const at = Date.parse(asOf);
  return features.map((feature) => {
    switch (feature.kind) {
      case 'fit':
        return prepared.fitValues.get(feature.field)?.has(feature.value) ? 1 : 0;
      case 'contact-age':
        return at - prepared.createdAtMs <= feature.days * dayMs ? 1 : 0;
      case 'engagement-count':
        return Math.log1p(countBefore(prepared.engagementTimes.get(feature.engagement) ?? [], at));
      case 'engagement-recent': {
        const times = prepared.engagementTimes.get(feature.engagement) ?? [];
        return countBefore(times, at) > countBefore(times, at - feature.days * dayMs) ? 1 : 0;
      }
    }
  });
}
