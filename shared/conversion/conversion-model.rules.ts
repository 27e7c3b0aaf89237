import { areaUnderRocCurve } from './auc.ts';
import {
  conversionExamples,
  conversionFeatures,
  defaultFeatureSpec,
  engagementCounts,
  engagementWords,
  featureVector,
  fitFieldWords,
  prepareContact,
  type ConversionContact,
  type ConversionExample,
  type PreparedContact,
} from './conversion-features.rules.ts';
import type { ConversionFeatureSpec, ConversionModel } from './conversion-model.schema.ts';
import { fitLogisticRegression, sigmoid } from './logistic-regression.ts';

/**
 * Likelihood to convert (issue 20): a ridge logistic regression trained on the table's own contacts, scored and
 * explained as pure functions of the model and a contact.
 *
 * Why logistic regression rather than naive Bayes: engagement signals are strongly correlated (a contact who opens
 * emails also clicks them), and naive Bayes counts each of them as independent evidence, so its probabilities come out
 * far too sure of themselves; logistic regression weighs them jointly, gives calibrated probabilities, and its score
 * is a sum on the log-odds scale, which is what lets every prediction be split exactly into its factors.
 */

export interface ConversionTrainingOptions {
  /** The instant of training: the history is known up to it. */
  now: string;
  /** Predict "becomes a customer within this many days". */
  windowDays?: number;
  /** How many instants to take examples at, the last one `windowDays` before `now`, then every `snapshotEveryDays`. */
  snapshots?: number;
  snapshotEveryDays?: number;
  spec?: ConversionFeatureSpec;
  l2?: number;
  /** Below these many positive (converted) or negative training examples, no model is trained. */
  minimumPositives?: number;
  minimumNegatives?: number;
  /** The share of contacts kept out of training to measure on (by a hash of the id, so the split is stable). */
  heldOutShare?: number;
  /** The number this model gets (the stored model's version + 1). */
  version?: number;
  /** Today's rules score of a contact as of an instant, to compare AUCs on the same held-out examples. */
  rulesScore?: (contact: ConversionContact, asOf: string) => number;
}

/** The model, or why there is none: too few converted or unconverted examples to learn from, with the counts. */
export type ConversionTraining =
  | { status: 'trained'; model: ConversionModel }
  | {
      status: 'not-enough-data';
      examples: number;
      positives: number;
      negatives: number;
      minimumPositives: number;
      minimumNegatives: number;
      message: string;
    };

const dayMs = 86_400_000;

/**
 * At least 50 of each: about one converted example per feature of a typical model, which the ridge penalty makes
 * enough to rank contacts, where an unpenalised fit would want ten times that.
 */
export const minimumExamplesOfEachLabel = 50;

/** The instants examples are taken at: the last `windowDays` before `now`, then earlier by `everyDays`, oldest first. */
export function snapshotInstants(now: string, windowDays: number, snapshots: number, everyDays: number): string[] {
  const last = Date.parse(now) - windowDays * dayMs;
  return Array.from({ length: snapshots }, (_, index) =>
    new Date(last - (snapshots - 1 - index) * everyDays * dayMs).toISOString(),
  );
}

/** A stable position in [0, 1) for a contact id (32-bit FNV-1a), so the same contacts are always held out. */
export function heldOutPosition(contactId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < contactId.length; index += 1) {
    hash ^= contactId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

function logLoss(probabilities: readonly number[], labels: readonly boolean[]): number {
  const clamp = (p: number) => Math.min(1 - 1e-15, Math.max(1e-15, p));
  const total = probabilities.reduce((sum, p, i) => sum - Math.log(labels[i] ? clamp(p) : 1 - clamp(p)), 0);
  return total / Math.max(1, probabilities.length);
}

/** Trains on the contacts' history as known at `now`, or says there is not enough of it. */
export function trainConversionModel(
  contacts: readonly ConversionContact[],
  options: ConversionTrainingOptions,
): ConversionTraining {
  const windowDays = options.windowDays ?? 90;
  const spec = options.spec ?? defaultFeatureSpec;
  const l2 = options.l2 ?? 1;
  const heldOutShare = options.heldOutShare ?? 0.2;
  const minimumPositives = options.minimumPositives ?? minimumExamplesOfEachLabel;
  const minimumNegatives = options.minimumNegatives ?? minimumExamplesOfEachLabel;
  const asOfs = snapshotInstants(options.now, windowDays, options.snapshots ?? 6, options.snapshotEveryDays ?? 30);
  const examples = conversionExamples(contacts, { asOfs, windowDays, now: options.now, spec });
  const training = examples.filter((example) => heldOutPosition(example.contact.contact.contactId) >= heldOutShare);
  const heldOut = examples.filter((example) => heldOutPosition(example.contact.contact.contactId) < heldOutShare);
  const positives = training.filter((example) => example.converted).length;
  const negatives = training.length - positives;
  if (positives < minimumPositives || negatives < minimumNegatives)
    return {
      status: 'not-enough-data',
      examples: training.length,
      positives,
      negatives,
      minimumPositives,
      minimumNegatives,
      message:
        `Not enough history to learn from: ${positives} contacts became customers within ${windowDays} days and ` +
        `${negatives} did not, where at least ${minimumPositives} and ${minimumNegatives} are needed. ` +
        `The rules score stands alone.`,
    };
  const features = conversionFeatures(training, spec);
  const rows = training.map((example) =>
    Float64Array.from(featureVector(features, example.contact, example.asOf, spec)),
  );
  const labels = training.map((example) => example.converted);
  const fit = fitLogisticRegression(rows, labels, { l2 });
  const means = features.map((_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / rows.length);
  const baselineLogOdds = fit.intercept + fit.weights.reduce((sum, weight, j) => sum + weight * means[j]!, 0);
  const model: ConversionModel = {
    kind: 'logistic-regression',
    formatVersion: 1,
    version: options.version ?? 1,
    trainedAt: new Date(Date.parse(options.now)).toISOString(),
    training: {
      asOfs,
      windowDays,
      heldOutShare,
      contacts: new Set(training.map((example) => example.contact.contact.contactId)).size,
      examples: training.length,
      positives,
      negatives,
    },
    spec,
    l2,
    intercept: fit.intercept,
    features: features.map((feature, j) => ({ feature, weight: fit.weights[j]!, mean: means[j]! })),
    baseline: { logOdds: baselineLogOdds, probability: sigmoid(baselineLogOdds) },
    optimiser: { method: 'newton', iterations: fit.iterations, converged: fit.converged },
    metrics: { training: { auc: 0, logLoss: 0 }, heldOut: null },
  };
  const trainingProbabilities = training.map((example) => conversionProbability(model, example.contact, example.asOf));
  model.metrics.training = {
    auc: areaUnderRocCurve(trainingProbabilities.map((score, i) => ({ score, positive: labels[i]! }))),
    logLoss: logLoss(trainingProbabilities, labels),
  };
  model.metrics.heldOut = evaluateOn(model, heldOut, options.rulesScore);
  return { status: 'trained', model };
}

/** The model's (and the rules score's) AUC and log loss on examples it did not learn from; null without both labels. */
export function evaluateOn(
  model: ConversionModel,
  examples: readonly ConversionExample[],
  rulesScore?: (contact: ConversionContact, asOf: string) => number,
): NonNullable<ConversionModel['metrics']['heldOut']> | null {
  const positives = examples.filter((example) => example.converted).length;
  if (positives === 0 || positives === examples.length) return null;
  const labels = examples.map((example) => example.converted);
  const probabilities = examples.map((example) => conversionProbability(model, example.contact, example.asOf));
  return {
    examples: examples.length,
    positives,
    auc: areaUnderRocCurve(probabilities.map((score, i) => ({ score, positive: labels[i]! }))),
    logLoss: logLoss(probabilities, labels),
    rulesAuc: rulesScore
      ? areaUnderRocCurve(
          examples.map((example, i) => ({
            score: rulesScore(example.contact.contact, example.asOf),
            positive: labels[i]!,
          })),
        )
      : null,
  };
}

/** The model's probability that the contact, as it stood at `asOf`, becomes a customer within the window. */
export function conversionProbability(
  model: ConversionModel,
  contact: ConversionContact | PreparedContact,
  asOf: string,
): number {
  const values = featureVector(
    model.features.map(({ feature }) => feature),
    contact,
    asOf,
    model.spec,
  );
  return sigmoid(model.intercept + model.features.reduce((sum, { weight }, j) => sum + weight * values[j]!, 0));
}

/** One reason for a prediction: a fit field or an engagement kind, in words, and what it adds. */
export interface ConversionFactor {
  /** `fit:<field>` or `engagement:<kind>`. */
  group: string;
  /** What the contact is or did: "industry: software", "opened 3 emails (1 in the last 7 days)". */
  words: string;
  /** Its contribution on the log-odds scale, against the baseline contact. */
  logOdds: number;
  /** Its contribution in probability (0.12 = 12 percentage points); all factors add up to probability − baseline. */
  points: number;
  /** "opened 3 emails (1 in the last 7 days): +12 %". */
  text: string;
}

export interface ConversionPrediction {
  modelVersion: number;
  asOf: string;
  windowDays: number;
  probability: number;
  /** The probability of the baseline contact (every feature at its training mean). */
  baseline: number;
  /** Every factor, the largest (either way) first. */
  factors: ConversionFactor[];
}

/** Percentage points in words: whole points, or one decimal below one point, with the sign. */
export function formatPoints(points: number): string {
  const percent = points * 100;
  const rounded = Math.abs(percent) >= 1 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded)} %`;
}

/**
 * The prediction and all its factors. The score is a sum on the log-odds scale, so each factor's contribution is
 * exact there: its features' weight × (its value − the training mean), and these add up to the contact's log-odds
 * minus the baseline's. They are turned into probability points by one common factor, the slope of the logistic
 * curve's chord from the baseline to the contact, (p − p₀) ÷ (z − z₀) (its tangent p₀(1 − p₀) when z = z₀): so the
 * points keep their signs and their proportions, and add up exactly to the prediction minus the baseline.
 */
export function predictConversion(
  model: ConversionModel,
  contact: ConversionContact,
  asOf: string,
): ConversionPrediction {
  const features = model.features.map(({ feature }) => feature);
  const prepared = prepareContact(contact, model.spec);
  const values = featureVector(features, prepared, asOf, model.spec);
  const byGroup = new Map<string, number>();
  model.features.forEach(({ feature, weight, mean }, j) =>
    byGroup.set(feature.group, (byGroup.get(feature.group) ?? 0) + weight * (values[j]! - mean)),
  );
  const logOdds = model.baseline.logOdds + [...byGroup.values()].reduce((sum, value) => sum + value, 0);
  const probability = sigmoid(logOdds);
  const baseline = model.baseline.probability;
  const change = logOdds - model.baseline.logOdds;
  const chordSlope = Math.abs(change) > 1e-9 ? (probability - baseline) / change : baseline * (1 - baseline);
  const recentDays = [...new Set(features.flatMap((f) => (f.kind === 'engagement-recent' ? [f.days] : [])))].sort(
    (a, b) => a - b,
  );
  const factors = [...byGroup].map(([group, contribution]): ConversionFactor => {
    const words = factorWords(model, group, prepared, asOf, recentDays);
    const points = contribution * chordSlope;
    return { group, words, logOdds: contribution, points, text: `${words}: ${formatPoints(points)}` };
  });
  return {
    modelVersion: model.version,
    asOf,
    windowDays: model.training.windowDays,
    probability,
    baseline,
    factors: factors.toSorted((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.group.localeCompare(b.group)),
  };
}

/** What the contact is or did, for one factor. */
function factorWords(
  model: ConversionModel,
  group: string,
  contact: PreparedContact,
  asOf: string,
  recentDays: readonly number[],
): string {
  const feature = model.features.find((candidate) => candidate.feature.group === group)!.feature;
  if (feature.kind === 'contact-age') {
    const days = Math.floor((Date.parse(asOf) - contact.createdAtMs) / dayMs);
    return days === 1 ? 'a contact for 1 day' : `a contact for ${days} days`;
  }
  if (feature.kind === 'fit') {
    const known = new Set(
      model.features.flatMap(({ feature: f }) => (f.group === group && f.kind === 'fit' ? [f.value] : [])),
    );
    const values = [...(contact.fitValues.get(feature.field) ?? [])];
    const label = fitFieldWords(feature.field);
    if (values.length === 0) return `${label}: not known`;
    const learned = values.filter((value) => known.has(value));
    return learned.length > 0
      ? `${label}: ${learned.join(', ')}`
      : `${label}: ${values.join(', ')} (too rare in the history to learn from)`;
  }
  const words = engagementWords[feature.engagement];
  const { total, recent } = engagementCounts(contact, feature.engagement, asOf, recentDays);
  if (total === 0) return `never ${words.one}`;
  const done = total === 1 ? words.one : words.many(total);
  const shortest = recentDays.find((days) => (recent.get(days) ?? 0) > 0);
  const longest = recentDays[recentDays.length - 1];
  if (shortest !== undefined) return `${done} (${recent.get(shortest)} in the last ${shortest} days)`;
  return longest === undefined ? done : `${done} (none in the last ${longest} days)`;
}

/** The largest `count` factors of a prediction: what a person is shown first. */
export function topFactors(prediction: ConversionPrediction, count = 3): ConversionFactor[] {
  return prediction.factors.slice(0, count);
}

/**
 * What a contact's page shows beside the rules score: the prediction with its factors, or, with no trained model,
 * why there is none, so the rules score stands alone and says so.
 */
export function likelihoodToConvert(
  training: ConversionTraining | undefined,
  contact: ConversionContact,
  asOf: string,
): { status: 'predicted'; prediction: ConversionPrediction } | { status: 'rules-only'; reason: string } {
  if (!training) return { status: 'rules-only', reason: 'No likelihood-to-convert model has been trained yet.' };
  if (training.status === 'not-enough-data') return { status: 'rules-only', reason: training.message };
  return { status: 'predicted', prediction: predictConversion(training.model, contact, asOf) };
}
