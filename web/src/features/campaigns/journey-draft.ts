import type * as z from 'zod';
import type { CampaignDefinitionShape, CampaignStep } from '#shared/campaigns/campaign-definition.schema.ts';

/** A journey as written (the schema's input side: defaults not filled in), what the API and the YAML file take. */
export type WrittenDefinition = z.input<typeof CampaignDefinitionShape>;
export type WrittenStep = z.input<typeof CampaignStep>;
export type StepType = WrittenStep['type'];
export type StepOf<T extends StepType> = Extract<WrittenStep, { type: T }>;

type Branch = StepOf<'branch'>;
/** A branch whose arms may not be connected yet: the canvas draws it, the schema says which arm is missing. */
export type DraftBranch = Omit<Branch, 'then' | 'else'> & { then?: string; else?: string };
export type DraftStep = Exclude<WrittenStep, Branch> | DraftBranch;

/**
 * The definition the journey builder edits: as written, and possibly unfinished (a branch arm not connected,
 * an empty subject). Whether it is valid is the API's own schema's say (journey-issues.ts), never the editor's.
 */
export type DraftDefinition = Omit<WrittenDefinition, 'steps'> & { steps: DraftStep[] };

export const stepTypes = ['email', 'wait', 'branch', 'goal', 'update', 'notify-owner'] as const satisfies StepType[];

/** Where a new journey starts: a name to give, a trigger to choose, and no step yet. */
export function emptyDraft(): DraftDefinition {
  return { name: '', trigger: { type: 'manual' }, steps: [] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a value (the YAML view's, as typed) can be drawn: an object whose steps are a list of objects with a
 * string id and a known type, and whose wiring (`next`, a branch's arms) names steps by string. Anything else
 * the schema finds wrong is drawn and pinned to its step; these are what a canvas cannot draw. Returns the
 * reason it cannot be drawn (a path and what is wrong), or undefined.
 */
export function undrawableReason(value: unknown): string | undefined {
  if (!isRecord(value)) return 'the journey must be a mapping (name, trigger, steps...)';
  if (value.steps === undefined) return undefined;
  if (!Array.isArray(value.steps)) return 'steps: must be a list';
  for (const [index, step] of value.steps.entries()) {
    if (!isRecord(step)) return `steps.${index}: must be a mapping`;
    if (typeof step.id !== 'string') return `steps.${index}.id: every step needs an id`;
    if (!(stepTypes as readonly unknown[]).includes(step.type))
      return `steps.${index}.type: must be one of ${stepTypes.join(', ')}`;
    for (const wire of ['next', 'then', 'else'])
      if (step[wire] !== undefined && typeof step[wire] !== 'string' && !(wire === 'next' && step[wire] === null))
        return `steps.${index}.${wire}: must name a step`;
  }
  return undefined;
}

/** The value as a draft, once undrawableReason has found nothing (a missing list of steps is an empty one). */
export function asDraft(value: Record<string, unknown>): DraftDefinition {
  return { ...value, steps: value.steps ?? [] } as DraftDefinition;
}

/** A step id no other step has: `email-1`, `email-2`... */
export function freshStepId(type: StepType, steps: readonly { id: string }[]): string {
  const taken = new Set(steps.map((step) => step.id));
  for (let n = 1; ; n++) if (!taken.has(`${type}-${n}`)) return `${type}-${n}`;
}

/**
 * A new step of `type`, filled in as far as a sensible default goes; what only the marketer can say (a subject,
 * a notice's text) is left empty, so the schema pins it to its field until it is written.
 */
export function newStep(type: StepType, id: string, steps: readonly DraftStep[]): DraftStep {
  const lastEmail = [...steps].reverse().find((step) => step.type === 'email');
  switch (type) {
    case 'email':
      return {
        id,
        type,
        content: {
          subject: '',
          html: '<p>Hi {{ contact.firstName | default: "there" }},</p>\n<p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>\n',
          text: 'Hi {{ contact.firstName | default: "there" }},\nUnsubscribe: {{ unsubscribeUrl }}\n',
        },
      };
    case 'wait':
      return { id, type, duration: { days: 1 } };
    case 'branch':
      return { id, type, condition: { kind: 'opened', stepId: lastEmail?.id ?? '' } };
    case 'goal':
      return { id, type, condition: { kind: 'field', field: 'lifecycleStage', operator: 'in', value: ['customer'] } };
    case 'update':
      return { id, type, set: { lifecycleStage: 'mql' } };
    case 'notify-owner':
      return { id, type, subject: '', text: '' };
  }
}
