import * as z from 'zod';
import { EngagementKind, FitField } from '../scoring/scoring-model.schema.ts';

/** One column of the feature vector, with the words a person reads ("industry: software"). */
export const ConversionFeature = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    group: z.string(),
    name: z.string(),
    kind: z.literal('fit'),
    field: FitField,
    value: z.string(),
  }),
  z.object({
    id: z.string(),
    group: z.string(),
    name: z.string(),
    kind: z.literal('contact-age'),
    days: z.number().int().positive(),
  }),
  z.object({
    id: z.string(),
    group: z.string(),
    name: z.string(),
    kind: z.literal('engagement-count'),
    engagement: EngagementKind,
  }),
  z.object({
    id: z.string(),
    group: z.string(),
    name: z.string(),
    kind: z.literal('engagement-recent'),
    engagement: EngagementKind,
    days: z.number().int().positive(),
  }),
]);
export type ConversionFeature = z.infer<typeof ConversionFeature>;

/** Which features to build: the fit fields to one-hot, the recency windows, and how often a value must occur. */
export const ConversionFeatureSpec = z.object({
  fitFields: z.array(FitField),
  /** "Did it in the last N days" indicators, per engagement kind. */
  recentDays: z.array(z.number().int().positive()),
  /** "Became a contact in the last N days" indicators: a new contact converts more than an old one that has not. */
  newContactDays: z.array(z.number().int().positive()),
  /** A fit value becomes a feature once this many training examples have it; rarer values count as "other". */
  minimumValueCount: z.number().int().positive(),
  /** For `emailDomainType`: the same lists the scoring model keeps. */
  domains: z.object({ competitorDomains: z.array(z.string()), freeEmailDomains: z.array(z.string()) }),
});
export type ConversionFeatureSpec = z.infer<typeof ConversionFeatureSpec>;

const Share = z.number().min(0).max(1);

/**
 * A trained likelihood-to-convert model: plain data, so it can be stored as an item, read back and scored with
 * anywhere (a Lambda, the console). Everything needed to score and to explain is here: the features in words, their
 * weights and training means (the baseline), the window it predicts, what it learned from and how well it did.
 */
export const ConversionModel = z.object({
  kind: z.literal('logistic-regression'),
  /** The shape of this data; a reader refuses a shape it does not know. */
  formatVersion: z.literal(1),
  /** This model's number: each training run stores the next one. */
  version: z.number().int().positive(),
  trainedAt: z.iso.datetime(),
  training: z.object({
    /** The instants the examples were taken at: contacts as they stood then, labelled by the window after. */
    asOfs: z.array(z.iso.datetime()).min(1),
    /** The prediction: "becomes a customer (a deal won) within this many days". */
    windowDays: z.number().int().positive(),
    /** The share of contacts held out of training to measure the model on (chosen by a hash of the contact's id). */
    heldOutShare: Share,
    contacts: z.number().int().nonnegative(),
    examples: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
    negatives: z.number().int().nonnegative(),
  }),
  spec: ConversionFeatureSpec,
  /** The ridge penalty λ (a Gaussian prior N(0, 1/λ) on each weight). */
  l2: z.number().positive(),
  intercept: z.number(),
  features: z.array(
    z.object({
      feature: ConversionFeature,
      /** Its weight on the log-odds scale. */
      weight: z.number(),
      /** Its mean over the training examples: the baseline contact's value. */
      mean: z.number(),
    }),
  ),
  /** The score of a contact with every feature at its training mean: the point every explanation starts from. */
  baseline: z.object({ logOdds: z.number(), probability: Share }),
  optimiser: z.object({ method: z.literal('newton'), iterations: z.number().int(), converged: z.boolean() }),
  metrics: z.object({
    training: z.object({ auc: Share, logLoss: z.number() }),
    /** On the held-out contacts; null when they lack a positive or a negative. */
    heldOut: z
      .object({
        examples: z.number().int(),
        positives: z.number().int(),
        auc: Share,
        logLoss: z.number(),
        /** The rules score's AUC on the same examples, when one was given to compare with. */
        rulesAuc: Share.nullable(),
      })
      .nullable(),
  }),
});
export type ConversionModel = z.infer<typeof ConversionModel>;
