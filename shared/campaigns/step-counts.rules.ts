import { ratioOf } from '../common/ratio.ts';
import { stableShardOf } from '../common/stable-shard.ts';
import type { CampaignDefinition } from './campaign-definition.schema.ts';
import { journeyEnds } from './enrollment.schema.ts';

/**
 * A campaign version's live numbers per step, as counters ADDed in the same transaction as each
 * enrollment move (see README "Drip campaigns", "Live numbers on every step"). Pure: the executor
 * describes a move, these rules say which counters it changes; the report sums them back per step.
 *
 * What each counter of a step counts, for the enrollments of one version:
 * - entered: arrivals at the step (an enrollment passing a branch or a goal enters it too);
 * - waiting: enrollments at the step now (sleeping out a wait, held by a pause, deferred by the send
 *   window or the frequency cap, or about to run it): +1 on arrival, -1 on leaving, by the same enrollment;
 * - sent: emails the step sent (and per A/B variant);
 * - opened, clicked: the first open, the first click of the step's email per enrollment (and per variant);
 * - converted, completed, exited by reason: where enrollments ended. Each ended enrollment counts once,
 *   in one of them, at the step it was at (or the goal step it met).
 */
export const exitReasonsCounted = journeyEnds.filter(
  (reason): reason is Exclude<(typeof journeyEnds)[number], 'completed' | 'converted'> =>
    reason !== 'completed' && reason !== 'converted',
);
export type JourneyEndReason = (typeof journeyEnds)[number];

/** Counter deltas by flat name, `<stepId>:<counter>` (`:<variantId>` for a variant's): every name has a ':', so none is a prototype key. */
export type StepCountDeltas = Record<string, number>;

/** One move of one enrollment, as the counters see it. */
export interface EnrollmentMove {
  /** The step the counters hold the enrollment at before the move (its `atStepId`); none for a new one, or one begun before counting. */
  from?: string;
  /** The steps the move went through, in order: decided on the spot (branches, goals not met), acted on (an email, an update), arrived at. */
  through: readonly string[];
  /** The step the enrollment is at after the move; none once it ended. */
  to?: string;
  sent?: { stepId: string; variantId?: string };
  ended?: { stepId: string; reason: JourneyEndReason };
}

type Position = { status: string; atStepId?: string; sent: readonly { stepId: string; variantId?: string }[] } & {
  endReason?: JourneyEndReason;
};

/**
 * The move from one stored state of an enrollment to the next. `trail` is the steps the step run went
 * through on the way (nextJourneyAction's), where the stored states alone cannot tell (a branch
 * passed, the email just sent). An email sent is the one `after` records beyond `before`'s; an end is
 * counted at the last step of the trail (the email that was the last step, the goal met) or, with no
 * trail (an exit checked before any step), where the enrollment was.
 */
export function moveBetween(
  before: Position | undefined,
  after: Position,
  trail: readonly string[] = [],
): EnrollmentMove {
  const from = before?.status === 'ended' ? undefined : before?.atStepId;
  const to = after.status === 'ended' ? undefined : after.atStepId;
  const newSend = before && after.sent.length > before.sent.length ? after.sent.at(-1) : undefined;
  const endReason = after.status === 'ended' && before?.status !== 'ended' ? after.endReason : undefined;
  const endedAt = trail.at(-1) ?? from;
  return {
    ...(from !== undefined ? { from } : {}),
    through: [...trail, ...(to !== undefined ? [to] : [])],
    ...(to !== undefined ? { to } : {}),
    ...(newSend ? { sent: newSend } : {}),
    ...(endReason !== undefined && endedAt !== undefined ? { ended: { stepId: endedAt, reason: endReason } } : {}),
  };
}

const counterName = (stepId: string, counter: string, variantId?: string) =>
  variantId === undefined ? `${stepId}:${counter}` : `${stepId}:${counter}:${variantId}`;

function add(deltas: StepCountDeltas, name: string, value: number) {
  const sum = (deltas[name] ?? 0) + value;
  if (sum === 0) delete deltas[name];
  else deltas[name] = sum;
}

/** The counters a move changes. A move that stays where it was (a wait begun, a send deferred, a pause) changes none. */
export function moveCounts(move: EnrollmentMove): StepCountDeltas {
  const deltas: StepCountDeltas = {};
  for (const stepId of new Set(move.through)) if (stepId !== move.from) add(deltas, counterName(stepId, 'entered'), 1);
  if (move.from !== move.to) {
    if (move.from !== undefined) add(deltas, counterName(move.from, 'waiting'), -1);
    if (move.to !== undefined) add(deltas, counterName(move.to, 'waiting'), 1);
  }
  if (move.sent) {
    add(deltas, counterName(move.sent.stepId, 'sent'), 1);
    if (move.sent.variantId) add(deltas, counterName(move.sent.stepId, 'sent', move.sent.variantId), 1);
  }
  if (move.ended) add(deltas, counterName(move.ended.stepId, endCounter(move.ended.reason)), 1);
  return deltas;
}

const endCounter = (reason: JourneyEndReason) =>
  reason === 'completed' || reason === 'converted' ? reason : `exited-${reason}`;

/** The first open or click of a step's email by one enrollment (SES reports every reopen; only the first is counted). */
export function engagementCounts(kind: 'opened' | 'clicked', stepId: string, variantId?: string): StepCountDeltas {
  return {
    [counterName(stepId, kind)]: 1,
    ...(variantId ? { [counterName(stepId, kind, variantId)]: 1 } : {}),
  };
}

/**
 * The step whose counter item a move's counters are written to: where the enrollment landed (or ended).
 * One item per move, whatever steps it touched, so a move costs one counter write and a reader never
 * sees half of one (a Query is not isolated from a transaction that spans items).
 */
export const landingStep = (move: EnrollmentMove): string | undefined =>
  move.to ?? move.ended?.stepId ?? move.through.at(-1) ?? move.sent?.stepId ?? move.from;

/** Counter shards per step and version: a segment's burst of moves to one step spreads its writes over them. */
export const stepCountShards = 8;

/** The shard an enrollment counts in: a stable hash of its id, the same on every move. */
export const stepCountShardOf = (enrollmentId: string): number => stableShardOf(enrollmentId, stepCountShards);

export interface VariantCounts {
  variantId: string;
  sent: number;
  opened: number;
  clicked: number;
}

export interface StepCounts {
  stepId: string;
  type: CampaignDefinition['steps'][number]['type'];
  entered: number;
  waiting: number;
  sent: number;
  opened: number;
  clicked: number;
  converted: number;
  completed: number;
  exited: Record<(typeof exitReasonsCounted)[number], number>;
  /** An email step's A/B variants, in the order the step lists them; empty for other steps. */
  variants: VariantCounts[];
}

export type CampaignTotals = Omit<StepCounts, 'stepId' | 'type' | 'entered' | 'variants'> & {
  /** Enrollments that entered the version's first step: the version's enrollments counted (a re-enrollment is another). */
  enrolled: number;
};

const noExits = () => Object.fromEntries(exitReasonsCounted.map((reason) => [reason, 0])) as StepCounts['exited'];

/**
 * The per-step numbers of a version from its summed counters, in the definition's step order, and the
 * version's totals (ended and waiting enrollments over all steps). Counters of steps the version does
 * not have are ignored.
 */
export function stepCountsOf(
  definition: Pick<CampaignDefinition, 'steps'>,
  counters: Readonly<StepCountDeltas>,
): { steps: StepCounts[]; totals: CampaignTotals } {
  const value = (name: string) => (Object.hasOwn(counters, name) ? (counters[name] ?? 0) : 0);
  const steps = definition.steps.map((step): StepCounts => {
    const of = (counter: string, variantId?: string) => value(counterName(step.id, counter, variantId));
    const exited = noExits();
    for (const reason of exitReasonsCounted) exited[reason] = of(`exited-${reason}`);
    return {
      stepId: step.id,
      type: step.type,
      entered: of('entered'),
      // One query is not a snapshot: an arrival and departure that both commit while it reads can show the
      // departure alone for that instant. The counters themselves never go below zero; the report does not either.
      waiting: Math.max(0, of('waiting')),
      sent: of('sent'),
      opened: of('opened'),
      clicked: of('clicked'),
      converted: of('converted'),
      completed: of('completed'),
      exited,
      variants:
        step.type === 'email' && step.variants
          ? step.variants.map((variant) => ({
              variantId: variant.id,
              sent: of('sent', variant.id),
              opened: of('opened', variant.id),
              clicked: of('clicked', variant.id),
            }))
          : [],
    };
  });
  const sum = (pick: (step: StepCounts) => number) => steps.reduce((total, step) => total + pick(step), 0);
  const exited = noExits();
  for (const reason of exitReasonsCounted) exited[reason] = sum((step) => step.exited[reason]);
  return {
    steps,
    totals: {
      enrolled: steps[0]?.entered ?? 0,
      waiting: sum((step) => step.waiting),
      sent: sum((step) => step.sent),
      opened: sum((step) => step.opened),
      clicked: sum((step) => step.clicked),
      converted: sum((step) => step.converted),
      completed: sum((step) => step.completed),
      exited,
    },
  };
}

/**
 * A step's (or a variant's) open and click rates: first opens and first clicks per email sent, as campaign
 * results count them; null when it sent nothing.
 */
export const emailRates = (counts: Pick<VariantCounts, 'sent' | 'opened' | 'clicked'>) => ({
  openRate: ratioOf(counts.opened, counts.sent),
  clickRate: ratioOf(counts.clicked, counts.sent),
});
