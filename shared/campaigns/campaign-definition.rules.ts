import type { CampaignDefinition, CampaignStep, ContactCondition } from './campaign-definition.schema.ts';
import { templateErrors } from './templates.ts';

export interface DefinitionIssue {
  path: (string | number)[];
  message: string;
}

/** The steps a step can lead to; an empty list is the end of the journey. */
export function successorsOf(steps: readonly CampaignStep[], index: number): string[] {
  const step = steps[index] as CampaignStep;
  if (step.type === 'branch') return [step.then, step.else];
  if (step.next === null) return [];
  const following = step.next ?? steps[index + 1]?.id;
  return following ? [following] : [];
}

/**
 * Everything about a journey that one step's schema cannot see: unique ids, references to other
 * steps, A/B splits, loops, unreachable steps and template errors. Each issue names the step.
 */
export function definitionIssues(definition: Pick<CampaignDefinition, 'steps' | 'goal'>): DefinitionIssue[] {
  const { steps } = definition;
  const issues: DefinitionIssue[] = [];
  const indexOf = new Map<string, number>();
  steps.forEach((step, i) => {
    if (indexOf.has(step.id))
      issues.push({
        path: ['steps', i, 'id'],
        message: `step "${step.id}": this id is already used by step ${indexOf.get(step.id)}`,
      });
    else indexOf.set(step.id, i);
  });
  steps.forEach((step, i) => issues.push(...stepIssues(step, i, steps, indexOf)));
  if (!steps.some((step) => step.type === 'email'))
    issues.push({ path: ['steps'], message: 'a campaign needs at least one email step' });
  if (definition.goal && (definition.goal.kind === 'opened' || definition.goal.kind === 'clicked'))
    issues.push({
      path: ['goal', 'kind'],
      message: 'the campaign goal must be about the contact (field, score or segment), not one email',
    });
  if (issues.length === 0) issues.push(...graphIssues(steps, indexOf));
  return issues;
}

function stepIssues(
  step: CampaignStep,
  i: number,
  steps: readonly CampaignStep[],
  indexOf: Map<string, number>,
): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const at = (...path: (string | number)[]) => ['steps', i, ...path];
  const named = (message: string) => `step "${step.id}": ${message}`;
  const reference = (field: string, target: string | null | undefined) => {
    if (typeof target === 'string' && !indexOf.has(target))
      issues.push({ path: at(field), message: named(`${field} names unknown step "${target}"`) });
    if (target === step.id) issues.push({ path: at(field), message: named(`${field} names the step itself`) });
  };
  if (step.type !== 'branch') reference('next', step.next);
  switch (step.type) {
    case 'email': {
      if ((step.content === undefined) === (step.variants === undefined))
        issues.push({ path: at(), message: named('give either content or variants, not both or neither') });
      for (const error of templateErrors(step.content ?? {}))
        issues.push({ path: at('content', error.part), message: named(`${error.part}: ${error.message}`) });
      step.variants?.forEach((variant, v) => {
        for (const error of templateErrors(variant))
          issues.push({
            path: at('variants', v, error.part),
            message: named(`variant "${variant.id}" ${error.part}: ${error.message}`),
          });
      });
      if (step.variants) {
        const total = step.variants.reduce((sum, variant) => sum + variant.split, 0);
        if (total !== 100)
          issues.push({ path: at('variants'), message: named(`variant splits add up to ${total}, not 100`) });
        if (new Set(step.variants.map((variant) => variant.id)).size !== step.variants.length)
          issues.push({ path: at('variants'), message: named('variant ids must be unique') });
      }
      break;
    }
    case 'wait': {
      if ((step.duration === undefined) === (step.until === undefined))
        issues.push({ path: at(), message: named('give either duration or until, not both or neither') });
      const { days = 0, hours = 0, minutes = 0 } = step.duration ?? {};
      if (step.duration && days + hours + minutes === 0)
        issues.push({ path: at('duration'), message: named('a wait must last at least a minute') });
      break;
    }
    case 'branch':
      reference('then', step.then);
      reference('else', step.else);
      issues.push(...conditionIssues(step.condition, at('condition'), named, steps, i));
      break;
    case 'goal':
      issues.push(...conditionIssues(step.condition, at('condition'), named, steps, i));
      break;
    case 'notify-owner':
      for (const error of templateErrors({ subject: step.subject, text: step.text }))
        issues.push({ path: at(error.part), message: named(`${error.part}: ${error.message}`) });
      break;
    case 'update':
      if (Object.values(step.set).every((value) => value === undefined))
        issues.push({ path: at('set'), message: named('the update sets nothing') });
      break;
  }
  return issues;
}

/** An opened/clicked condition must name an email step listed before it (its email has been sent by then). */
function conditionIssues(
  condition: ContactCondition,
  path: (string | number)[],
  named: (message: string) => string,
  steps: readonly CampaignStep[],
  i: number,
): DefinitionIssue[] {
  if (condition.kind !== 'opened' && condition.kind !== 'clicked') return [];
  const target = steps.findIndex((step) => step.id === condition.stepId);
  if (target === -1 || steps[target]?.type !== 'email' || target >= i) {
    return [
      {
        path: [...path, 'stepId'],
        message: named(`${condition.kind} must name an email step listed before this one, not "${condition.stepId}"`),
      },
    ];
  }
  return [];
}

/** Journeys are acyclic (a loop would mail forever) and every step is reachable from the first. */
function graphIssues(steps: readonly CampaignStep[], indexOf: Map<string, number>): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (index: number) => {
    const step = steps[index] as CampaignStep;
    state.set(step.id, 'visiting');
    for (const successor of successorsOf(steps, index)) {
      const seen = state.get(successor);
      if (seen === 'visiting')
        issues.push({
          path: ['steps', index, step.type === 'branch' ? (step.then === successor ? 'then' : 'else') : 'next'],
          message: `step "${step.id}": the journey loops back to "${successor}"; journeys must not loop`,
        });
      else if (seen === undefined) visit(indexOf.get(successor) as number);
    }
    state.set(step.id, 'done');
  };
  visit(0);
  steps.forEach((step, i) => {
    if (!state.has(step.id))
      issues.push({ path: ['steps', i], message: `step "${step.id}" can never be reached from the first step` });
  });
  return issues;
}
