import {
  engagementKinds,
  ScoringModelInput,
  type BehaviourRule,
  type EngagementKind,
  type FitRule,
} from '#shared/scoring/scoring-model.schema.ts';
import { parseNumberText } from '#shared/common/numbers.ts';
import { fieldErrorsOf } from '../../lib/zod-form.ts';

/** Fit fields the model knows by name; anything else is `custom.<name>`. */
export const knownFitFields = [
  'jobTitle',
  'country',
  'emailDomain',
  'emailDomainType',
  'lifecycleStage',
  'tags',
  'companySize',
  'companyIndustry',
] as const;
export const fitOperators = ['equals', 'contains', 'in', 'range'] as const;
export type FitOperator = (typeof fitOperators)[number];
export { engagementKinds };

type Scalar = string | number | boolean;

/** One fit rule as the table edits it: every cell is text, as typed. */
export interface FitRuleDraft {
  key: string;
  id: string;
  name: string;
  field: string;
  operator: FitOperator;
  value: string;
  values: string;
  min: string;
  max: string;
  points: string;
  /** The values the saved rule compares with, so an untouched cell keeps its type (42 stays a number). */
  typed: Scalar[];
}

export interface BehaviourRuleDraft {
  key: string;
  id: string;
  name: string;
  on: EngagementKind;
  matchName: string;
  matchUrl: string;
  matchSource: string;
  points: string;
  maxPoints: string;
  halfLifeDays: string;
}

export interface ModelDraft {
  fitRules: FitRuleDraft[];
  behaviourRules: BehaviourRuleDraft[];
  grades: { A: string; B: string; C: string };
  stages: { lead: string; mql: string; sql: string };
  competitorDomains: string[];
  freeEmailDomains: string[];
}

type ModelLike = Pick<
  ScoringModelInput,
  'fitRules' | 'behaviourRules' | 'grades' | 'stages' | 'competitorDomains' | 'freeEmailDomains'
>;

let lastKey = 0;
/** A key for React's list of rows, stable while the row lives (rule ids are edited, so they cannot be keys). */
const nextKey = () => `row-${++lastKey}`;
const text = (value: number | undefined) => (value === undefined ? '' : String(value));
/** "CEO, CTO، Founder" → ["CEO", "CTO", "Founder"]: a list typed in one cell, with the Latin or Arabic comma. */
export const splitList = (cell: string) =>
  cell
    .split(/[,،]/)
    .map((item) => item.trim())
    .filter(Boolean);

export function fitRuleDraft(rule?: FitRule): FitRuleDraft {
  const when = rule?.when;
  return {
    key: nextKey(),
    id: rule?.id ?? '',
    name: rule?.name ?? '',
    field: when?.field ?? 'jobTitle',
    operator: when?.operator ?? 'equals',
    value: when && 'value' in when ? String(when.value) : '',
    values: when?.operator === 'in' ? when.values.map(String).join(', ') : '',
    min: when?.operator === 'range' ? text(when.min) : '',
    max: when?.operator === 'range' ? text(when.max) : '',
    points: text(rule?.points),
    typed: when?.operator === 'in' ? when.values : when && 'value' in when ? [when.value] : [],
  };
}

export function behaviourRuleDraft(rule?: BehaviourRule): BehaviourRuleDraft {
  return {
    key: nextKey(),
    id: rule?.id ?? '',
    name: rule?.name ?? '',
    on: rule?.on ?? 'form_submitted',
    matchName: rule?.match?.name ?? '',
    matchUrl: rule?.match?.urlContains ?? '',
    matchSource: rule?.match?.sourceId ?? '',
    points: text(rule?.points),
    maxPoints: text(rule?.maxPoints),
    halfLifeDays: text(rule?.halfLifeDays),
  };
}

/** The table for a saved model; with none saved yet, empty rules and the thresholds most models start from. */
export function draftOf(model: ModelLike | null): ModelDraft {
  return {
    fitRules: (model?.fitRules ?? []).map(fitRuleDraft),
    behaviourRules: (model?.behaviourRules ?? []).map(behaviourRuleDraft),
    grades: {
      A: text(model?.grades.A ?? 40),
      B: text(model?.grades.B ?? 20),
      C: text(model?.grades.C ?? 0),
    },
    stages: {
      lead: text(model?.stages.lead ?? 10),
      mql: text(model?.stages.mql ?? 50),
      sql: text(model?.stages.sql ?? 90),
    },
    competitorDomains: model?.competitorDomains ?? [],
    freeEmailDomains: model?.freeEmailDomains ?? [],
  };
}

/**
 * A number cell: digits of any script (`۱۵`), blank for "not given"; text that is no number is sent as it
 * is, so the API's schema names the cell ("expected number").
 */
function numberCell(cell: string): number | string | undefined {
  if (cell.trim() === '') return undefined;
  return parseNumberText(cell) ?? cell;
}

/** A typed value keeps its type while its text is unchanged; anything typed anew is text (compared ignoring case). */
const scalarOf = (cell: string, typed: Scalar | undefined): Scalar =>
  typed !== undefined && String(typed) === cell ? typed : cell;

function conditionOf(rule: FitRuleDraft): Record<string, unknown> {
  const field = rule.field;
  switch (rule.operator) {
    case 'equals':
      return { field, operator: 'equals', value: scalarOf(rule.value.trim(), rule.typed[0]) };
    case 'contains':
      return { field, operator: 'contains', value: rule.value.trim() };
    case 'in':
      return {
        field,
        operator: 'in',
        values: splitList(rule.values).map((value, index) => scalarOf(value, rule.typed[index])),
      };
    case 'range':
      return withDefined({ field, operator: 'range', min: numberCell(rule.min), max: numberCell(rule.max) });
  }
}

function withDefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== ''));
}

/** The request the table stands for, before the API's schema checks it. */
export function inputOf(draft: ModelDraft): unknown {
  return {
    fitRules: draft.fitRules.map((rule) => ({
      id: rule.id.trim(),
      name: rule.name,
      when: conditionOf(rule),
      points: numberCell(rule.points),
    })),
    behaviourRules: draft.behaviourRules.map((rule) => {
      const match = withDefined({
        name: rule.matchName.trim(),
        urlContains: rule.matchUrl.trim(),
        sourceId: rule.matchSource.trim(),
      });
      return withDefined({
        id: rule.id.trim(),
        name: rule.name,
        on: rule.on,
        ...(Object.keys(match).length > 0 ? { match } : {}),
        points: numberCell(rule.points),
        maxPoints: numberCell(rule.maxPoints),
        halfLifeDays: numberCell(rule.halfLifeDays),
      });
    }),
    grades: { A: numberCell(draft.grades.A), B: numberCell(draft.grades.B), C: numberCell(draft.grades.C) },
    stages: {
      lead: numberCell(draft.stages.lead),
      mql: numberCell(draft.stages.mql),
      sql: numberCell(draft.stages.sql),
    },
    competitorDomains: draft.competitorDomains,
    freeEmailDomains: draft.freeEmailDomains,
  };
}

/** The draft checked by the API's own schema: the model to send, or an error per cell (`fitRules.2.points`). */
export function checkDraft(
  draft: ModelDraft,
): { ok: true; model: ScoringModelInput } | { ok: false; errors: Record<string, string> } {
  const result = ScoringModelInput.safeParse(inputOf(draft));
  return result.success ? { ok: true, model: result.data } : { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** The first error of a cell or of anything inside it (`fitRules.0.when.values.1` shows on `fitRules.0.when`). */
export function cellError(errors: Record<string, string>, path: string): string | undefined {
  if (Object.hasOwn(errors, path)) return errors[path];
  const inner = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return inner === undefined ? undefined : errors[inner];
}

/** A new rule id not taken yet (`fit-3`), so a row added to the table is valid once it has a name and a test. */
export function freshRuleId(draft: ModelDraft, prefix: 'fit' | 'behaviour'): string {
  const taken = new Set([...draft.fitRules, ...draft.behaviourRules].map((rule) => rule.id));
  for (let n = 1; ; n++) if (!taken.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** Each rule's points under two scores (saved model, draft), one row per rule either gives, in the draft's order. */
export function compareExplanations(
  saved: readonly { ruleId: string; ruleName: string; kind: string; points: number; occurrences?: number }[],
  tried: readonly { ruleId: string; ruleName: string; kind: string; points: number; occurrences?: number }[],
) {
  const rows = new Map<
    string,
    { ruleId: string; ruleName: string; kind: string; saved?: number; tried?: number; occurrences?: number }
  >();
  for (const line of tried)
    rows.set(line.ruleId, {
      ruleId: line.ruleId,
      ruleName: line.ruleName,
      kind: line.kind,
      tried: line.points,
      ...(line.occurrences === undefined ? {} : { occurrences: line.occurrences }),
    });
  for (const line of saved) {
    const row = rows.get(line.ruleId);
    if (row) row.saved = line.points;
    else
      rows.set(line.ruleId, {
        ruleId: line.ruleId,
        ruleName: line.ruleName,
        kind: line.kind,
        saved: line.points,
        ...(line.occurrences === undefined ? {} : { occurrences: line.occurrences }),
      });
  }
  return [...rows.values()];
}
