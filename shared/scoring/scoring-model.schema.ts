import * as z from 'zod';
import { StoredNumber } from '../common/fields.ts';

/** Contact and company fields a fit rule can test; `custom.<name>` reads a contact custom field. */
export const FitField = z.union([
  z.enum([
    'jobTitle',
    'country',
    'emailDomain',
    'emailDomainType',
    'lifecycleStage',
    'tags',
    'companySize',
    'companyIndustry',
  ]),
  z.string().regex(/^custom\.[a-zA-Z][a-zA-Z0-9_]*$/, 'use a known field or custom.<name>'),
]);
export type FitField = z.infer<typeof FitField>;

const Scalar = z.union([z.string().min(1).max(200), StoredNumber, z.boolean()]);

/** What a fit rule tests. Text comparisons ignore case; `range` on companySize uses the range's lower bound. */
export const FitCondition = z.discriminatedUnion('operator', [
  z.strictObject({ field: FitField, operator: z.literal('equals'), value: Scalar }),
  z.strictObject({ field: FitField, operator: z.literal('contains'), value: z.string().min(1).max(200) }),
  z.strictObject({ field: FitField, operator: z.literal('in'), values: z.array(Scalar).min(1).max(500) }),
  z
    .strictObject({
      field: FitField,
      operator: z.literal('range'),
      min: StoredNumber.optional(),
      max: StoredNumber.optional(),
    })
    .refine((range) => range.min !== undefined || range.max !== undefined, 'a range needs min, max or both')
    .refine(
      (range) => range.min === undefined || range.max === undefined || range.min <= range.max,
      'min must not exceed max',
    ),
]);
export type FitCondition = z.infer<typeof FitCondition>;

const RuleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and -');
const Points = z
  .number()
  .int()
  .min(-1000)
  .max(1000)
  .refine((points) => points !== 0, 'points must not be 0');

export const FitRule = z.strictObject({
  id: RuleId,
  name: z.string().trim().min(1).max(200),
  when: FitCondition,
  points: Points,
});
export type FitRule = z.infer<typeof FitRule>;

export const engagementKinds = [
  'form_submitted',
  'email_opened',
  'email_clicked',
  'email_replied',
  'page_viewed',
  'event_tracked',
  'survey_answered',
] as const;
export const EngagementKind = z.enum(engagementKinds);
export type EngagementKind = z.infer<typeof EngagementKind>;

export const BehaviourRule = z.strictObject({
  id: RuleId,
  name: z.string().trim().min(1).max(200),
  on: EngagementKind,
  /** Narrows the engagements counted: by tracked event/page name, URL substring, or source (form id, campaign id). */
  match: z
    .strictObject({
      name: z.string().min(1).max(200).optional(),
      urlContains: z.string().min(1).max(500).optional(),
      sourceId: z.string().min(1).max(64).optional(),
    })
    .optional(),
  /** Points per matching engagement (negative for signals of disinterest). */
  points: Points,
  /** The most (absolute) points this rule can give in total, however many engagements match. */
  maxPoints: z.number().int().min(1).max(10_000).optional(),
  /** Each engagement's points halve every this many days; absent = no decay. */
  halfLifeDays: StoredNumber.positive().max(3650).optional(),
});
export type BehaviourRule = z.infer<typeof BehaviourRule>;

/** Minimum fit points for grades A, B and C; below C is D. */
export const GradeThresholds = z
  .strictObject({ A: z.number().int(), B: z.number().int(), C: z.number().int() })
  .refine((grades) => grades.A > grades.B && grades.B > grades.C, 'grade thresholds must decrease from A to C');

/** Minimum total score for each lifecycle stage; below `lead` is `subscriber`. */
export const StageThresholds = z
  .strictObject({ lead: z.number().int(), mql: z.number().int(), sql: z.number().int() })
  .refine(
    (stages) => stages.lead < stages.mql && stages.mql < stages.sql,
    'stage thresholds must increase from lead to mql to sql',
  );

/** The scoring model as marketing ops write it. */
export const ScoringModelInput = z
  .strictObject({
    fitRules: z.array(FitRule).max(200).default([]),
    behaviourRules: z.array(BehaviourRule).max(200).default([]),
    grades: GradeThresholds,
    stages: StageThresholds,
    /** Email domains of competitors (emailDomainType = competitor). */
    competitorDomains: z.array(z.string().toLowerCase().max(253)).max(500).default([]),
    /** Free-mail domains beyond the built-in list (gmail.com, outlook.com, ...). */
    freeEmailDomains: z.array(z.string().toLowerCase().max(253)).max(500).default([]),
  })
  .refine(
    (model) =>
      new Set([...model.fitRules, ...model.behaviourRules].map((rule) => rule.id)).size ===
      model.fitRules.length + model.behaviourRules.length,
    {
      message: 'rule ids must be unique',
      path: ['fitRules'],
    },
  );
export type ScoringModelInput = z.infer<typeof ScoringModelInput>;

/** The stored model: one per installation, versioned (ETag / If-Match). */
export const ScoringModel = z.object({
  fitRules: z.array(FitRule),
  behaviourRules: z.array(BehaviourRule),
  grades: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  stages: z.object({ lead: z.number(), mql: z.number(), sql: z.number() }),
  competitorDomains: z.array(z.string()),
  freeEmailDomains: z.array(z.string()),
  id: z.literal('current'),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ScoringModel = z.infer<typeof ScoringModel>;

export const grades = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof grades)[number];

/** One rule's contribution, as shown to users ("why is this lead 85?"). */
export const ScoreContribution = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(['fit', 'behaviour']),
  points: z.number(),
  /** Behaviour rules: how many engagements matched. */
  occurrences: z.number().int().optional(),
  /** Behaviour rules: true when maxPoints cut the total. */
  capped: z.boolean().optional(),
});
export type ScoreContribution = z.infer<typeof ScoreContribution>;

/** A lead's score at a moment: totals, grade, the stage the thresholds give, and the explanation. */
export const LeadScore = z.object({
  total: z.number(),
  fit: z.number(),
  behaviour: z.number(),
  grade: z.enum(grades),
  stage: z.enum(['subscriber', 'lead', 'mql', 'sql']),
  explanation: z.array(ScoreContribution),
  scoredAt: z.iso.datetime(),
  modelVersion: z.number().int(),
});
export type LeadScore = z.infer<typeof LeadScore>;
