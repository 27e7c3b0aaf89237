import { freshStepId, newStep, type DraftDefinition, type DraftStep, type StepType } from './journey-draft.ts';

/**
 * The canvas's edits, each a pure function from a definition to the next. Each keeps the written form of every
 * step it does not have to change (no `next` is added where the list order already says it), so an edit shows
 * in the YAML view as the few lines a person would have changed.
 */

/** Where a new step goes: first (right after the trigger), after a step, or on one arm of a branch. */
export type Place = { after: 'trigger' } | { after: string; arm?: 'then' | 'else' };

type Wired = DraftStep & { next?: string | null; then?: string; else?: string };

/** Where a non-branch step leads: a step id, or null for the end. */
export function successorOf(steps: readonly DraftStep[], index: number): string | null {
  const step = steps[index] as Wired;
  if (step.next === null) return null;
  return step.next ?? steps[index + 1]?.id ?? null;
}

/** Makes a non-branch step lead to `target` (null: the end), in the shortest written form. */
function wire(steps: DraftStep[], index: number, target: string | null): void {
  const step = { ...(steps[index] as Wired) };
  const following = steps[index + 1]?.id ?? null;
  if (target === following) delete step.next;
  else step.next = target;
  steps[index] = step;
}

/** Makes a step lead to `target`: a branch on `arm` (unset for null: the arm is open), any other step by `next`. */
function lead(steps: DraftStep[], index: number, target: string | null, arm: 'then' | 'else' = 'then'): void {
  const step = steps[index] as Wired;
  if (step.type !== 'branch') return wire(steps, index, target);
  const changed = { ...step };
  if (target === null) delete changed[arm];
  else changed[arm] = target;
  steps[index] = changed;
}

const indexOf = (steps: readonly DraftStep[], id: string) => steps.findIndex((step) => step.id === id);

/** Adds a step of `type` at `place`: what led there now leads to the new step, and the new step to what was there. */
export function insertStep(
  draft: DraftDefinition,
  place: Place,
  type: StepType,
): { draft: DraftDefinition; stepId: string } {
  const steps = [...draft.steps];
  const id = freshStepId(type, steps);
  if (place.after === 'trigger') {
    const first = steps[0]?.id ?? null;
    steps.splice(0, 0, newStep(type, id, []));
    lead(steps, 0, first);
    return { draft: { ...draft, steps }, stepId: id };
  }
  const at = indexOf(steps, place.after);
  if (at === -1) throw new Error(`There is no step "${place.after}".`);
  const before = steps[at] as Wired;
  const arm = 'arm' in place ? (place.arm ?? 'then') : 'then';
  const target = before.type === 'branch' ? (before[arm] ?? null) : successorOf(steps, at);
  steps.splice(at + 1, 0, newStep(type, id, steps.slice(0, at + 1)));
  lead(steps, at, id, arm);
  lead(steps, at + 1, target);
  return { draft: { ...draft, steps }, stepId: id };
}

/** Connects a step's `next` (or a branch's arm) to another step, or to the end (null; for an arm: disconnects it). */
export function connect(
  draft: DraftDefinition,
  stepId: string,
  wire: 'next' | 'then' | 'else',
  target: string | null,
): DraftDefinition {
  const steps = [...draft.steps];
  const at = indexOf(steps, stepId);
  if (at === -1) return draft;
  lead(steps, at, target, wire === 'else' ? 'else' : 'then');
  return { ...draft, steps };
}

/**
 * Deletes a step and reconnects what led to it to where it led (a branch: to its "then" arm's step; the steps
 * only its "else" arm reached are left for the marketer, and the schema says they can no longer be reached).
 */
export function deleteStep(draft: DraftDefinition, stepId: string): DraftDefinition {
  const at = indexOf(draft.steps, stepId);
  if (at === -1) return draft;
  const removed = draft.steps[at] as Wired;
  const replacement = removed.type === 'branch' ? (removed.then ?? null) : successorOf(draft.steps, at);
  const before = draft.steps.map((step, index) => (step.type === 'branch' ? null : successorOf(draft.steps, index)));
  const steps = draft.steps.filter((_, index) => index !== at);
  steps.forEach((step, index) => {
    const oldIndex = index < at ? index : index + 1;
    if (step.type === 'branch') {
      const wired = step as Wired;
      for (const arm of ['then', 'else'] as const) if (wired[arm] === removed.id) lead(steps, index, replacement, arm);
      return;
    }
    const wanted = before[oldIndex] === removed.id ? replacement : (before[oldIndex] as string | null);
    if (successorOf(steps, index) !== wanted) wire(steps, index, wanted);
  });
  return { ...draft, steps };
}

/**
 * Replaces the step at `index` with what its panel says. A new id is followed everywhere the old one was named
 * (wires, opened/clicked conditions), as a rename should be.
 */
export function replaceStep(draft: DraftDefinition, index: number, step: DraftStep): DraftDefinition {
  const old = draft.steps[index];
  if (!old) return draft;
  const renamed = old.id !== step.id ? { from: old.id, to: step.id } : undefined;
  const steps = draft.steps.map((each, i) => {
    if (i === index) return step;
    if (!renamed) return each;
    const wired = { ...(each as Wired) };
    for (const key of ['next', 'then', 'else'] as const) if (wired[key] === renamed.from) wired[key] = renamed.to;
    if ((wired.type === 'branch' || wired.type === 'goal') && 'stepId' in wired.condition)
      if (wired.condition.stepId === renamed.from) wired.condition = { ...wired.condition, stepId: renamed.to };
    return wired as DraftStep;
  });
  return { ...draft, steps };
}

/** Replaces the campaign's own fields (everything but the steps), as the journey settings panel edits them. */
export function replaceCampaignFields(draft: DraftDefinition, fields: Omit<DraftDefinition, 'steps'>): DraftDefinition {
  return { ...fields, steps: draft.steps };
}
