import { fitConditionHolds, type ScoringSubject } from './fit-conditions.ts';
import type {
  BehaviourRule,
  EngagementKind,
  Grade,
  LeadScore,
  ScoreContribution,
  ScoringModel,
} from './scoring-model.schema.ts';

export { builtInFreeEmailDomains, emailDomainType, type ScoringSubject } from './fit-conditions.ts';

/** Something a lead did: a form submitted, an email opened, a page viewed, an event tracked... */
export interface Engagement {
  id: string;
  kind: EngagementKind;
  occurredAt: string;
  name?: string;
  url?: string;
  sourceId?: string;
}

const dayMs = 86_400_000;

/** One decimal place, without float noise or -0. */
const round1 = (value: number) => Math.round(value * 10) / 10 || 0;
const sumOf = (contributions: readonly ScoreContribution[]) =>
  contributions.reduce((total, { points }) => total + points, 0);

/** Scores a lead against the model at `now`: a pure function, so the same inputs always give the same score. */
export function scoreLead(
  subject: ScoringSubject,
  engagements: readonly Engagement[],
  model: ScoringModel,
  now: Date,
): LeadScore {
  const fitContributions = model.fitRules
    .filter((rule) => fitConditionHolds(rule.when, subject, model))
    .map((rule): ScoreContribution => ({ ruleId: rule.id, ruleName: rule.name, kind: 'fit', points: rule.points }));
  const behaviourContributions = model.behaviourRules.flatMap(
    (rule) => behaviourContribution(rule, engagements, now) ?? [],
  );
  const fit = round1(sumOf(fitContributions));
  const behaviour = round1(sumOf(behaviourContributions));
  const total = round1(fit + behaviour);
  return {
    total,
    fit,
    behaviour,
    grade: gradeFor(fit, model.grades),
    stage: stageFor(total, model.stages),
    explanation: [...fitContributions, ...behaviourContributions],
    scoredAt: now.toISOString(),
    modelVersion: model.version,
  };
}

/** The rule's decayed, capped points; undefined when no engagement matches. */
function behaviourContribution(
  rule: BehaviourRule,
  engagements: readonly Engagement[],
  now: Date,
): ScoreContribution | undefined {
  const matching = engagements.filter((engagement) => engagementMatches(rule, engagement));
  if (matching.length === 0) return undefined;
  const uncapped = matching.reduce((total, engagement) => total + decayedPoints(rule, engagement, now), 0);
  const cap = rule.maxPoints;
  const capped = cap !== undefined && Math.abs(uncapped) > cap;
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    kind: 'behaviour',
    points: round1(capped ? Math.sign(uncapped) * cap : uncapped),
    occurrences: matching.length,
    ...(capped ? { capped: true } : {}),
  };
}

function engagementMatches(rule: BehaviourRule, engagement: Engagement): boolean {
  // An engagement without a readable timestamp cannot be aged, so it is not counted.
  if (engagement.kind !== rule.on || Number.isNaN(Date.parse(engagement.occurredAt))) return false;
  const { name, urlContains, sourceId } = rule.match ?? {};
  if (name !== undefined && engagement.name?.trim().toLowerCase() !== name.trim().toLowerCase()) return false;
  if (urlContains !== undefined && !engagement.url?.toLowerCase().includes(urlContains.toLowerCase())) return false;
  return sourceId === undefined || engagement.sourceId === sourceId;
}

/** Full points when fresh (or future-dated), halving every `halfLifeDays`. */
function decayedPoints(rule: BehaviourRule, engagement: Engagement, now: Date): number {
  if (rule.halfLifeDays === undefined) return rule.points;
  const ageDays = Math.max(0, (now.getTime() - Date.parse(engagement.occurredAt)) / dayMs);
  return rule.points * 0.5 ** (ageDays / rule.halfLifeDays);
}

function gradeFor(fit: number, thresholds: ScoringModel['grades']): Grade {
  return (['A', 'B', 'C'] as const).find((grade) => fit >= thresholds[grade]) ?? 'D';
}

function stageFor(total: number, thresholds: ScoringModel['stages']): LeadScore['stage'] {
  return (['sql', 'mql', 'lead'] as const).find((stage) => total >= thresholds[stage]) ?? 'subscriber';
}
