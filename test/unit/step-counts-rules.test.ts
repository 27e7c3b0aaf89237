import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  emailRates,
  landingStep,
  moveBetween,
  moveCounts,
  stepCountShardOf,
  stepCountShards,
  stepCountsOf,
  type EnrollmentMove,
  type StepCountDeltas,
} from '#shared/campaigns/step-counts.rules.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';

const journey = CampaignDefinition.parse(aNurtureJourney());
type State = Parameters<typeof moveBetween>[1];
const active = (atStepId: string | undefined, sent: State['sent'] = []): State => ({
  status: 'active',
  ...(atStepId ? { atStepId } : {}),
  sent,
});
const ended = (reason: NonNullable<State['endReason']>, sent: State['sent'] = []): State => ({
  status: 'ended',
  endReason: reason,
  sent,
});
const sum = (into: StepCountDeltas, deltas: StepCountDeltas) => {
  for (const [name, value] of Object.entries(deltas)) into[name] = (into[name] ?? 0) + value;
  return into;
};

describe('what an enrollment move counts', () => {
  it('counts an enrollment into its first step: entered and waiting there', () => {
    const move = moveBetween(undefined, active('welcome'));
    expect(moveCounts(move)).toEqual({ 'welcome:entered': 1, 'welcome:waiting': 1 });
    expect(landingStep(move)).toBe('welcome');
  });

  it('counts a send and the move on: sent (and its variant) at the email, waiting moved to the next step', () => {
    const welcome = { stepId: 'case-study', variantId: 'b', at: '2026-11-25T10:00:00.000Z' };
    const move = moveBetween(active('two-days'), active('converted', [welcome]), ['opened-welcome', 'case-study']);
    expect(moveCounts(move)).toEqual({
      'two-days:waiting': -1,
      'opened-welcome:entered': 1,
      'case-study:entered': 1,
      'case-study:sent': 1,
      'case-study:sent:b': 1,
      'converted:entered': 1,
      'converted:waiting': 1,
    });
    // One counter item per move: the one of the step it landed on.
    expect(landingStep(move)).toBe('converted');
  });

  it('counts nothing when the enrollment stays where it is: a wait begun, a send deferred, a pause or its resumption', () => {
    for (const [before, after, trail] of [
      [active('two-days'), active('two-days'), ['two-days']],
      [active('welcome'), active('welcome'), ['welcome']],
      [active('welcome'), { ...active('welcome'), status: 'held' }, []],
      [{ ...active('welcome'), status: 'held' }, active('welcome'), []],
    ] as const)
      expect(moveCounts(moveBetween(before, after, trail))).toEqual({});
  });

  it('counts an exit where the enrollment was, by its reason, and takes it out of waiting there', () => {
    expect(moveCounts(moveBetween(active('two-days'), ended('unsubscribed')))).toEqual({
      'two-days:waiting': -1,
      'two-days:exited-unsubscribed': 1,
    });
  });

  it('counts a goal met at the goal step as converted there, after the steps passed on the way', () => {
    expect(moveCounts(moveBetween(active('reminder'), ended('converted'), ['reminder', 'converted']))).toEqual({
      'reminder:waiting': -1,
      'converted:entered': 1,
      'converted:converted': 1,
    });
  });

  it('counts the end after a last email as completed at that email, with its send', () => {
    const sent = [{ stepId: 'case-study', at: '2026-11-25T10:00:00.000Z' }];
    expect(moveCounts(moveBetween(active('case-study'), ended('completed', sent), ['case-study']))).toEqual({
      'case-study:waiting': -1,
      'case-study:sent': 1,
      'case-study:completed': 1,
    });
  });

  it('counts an enrollment begun before the counters from its first move, never taking it out of a step it was not counted in', () => {
    expect(moveCounts(moveBetween(active(undefined), active('opened-welcome'), ['reminder']))).toEqual({
      'reminder:entered': 1,
      'opened-welcome:entered': 1,
      'opened-welcome:waiting': 1,
    });
    // Its end, with no step counted and none passed, counts nowhere.
    const move = moveBetween(active(undefined), ended('completed'));
    expect(moveCounts(move)).toEqual({});
    expect(landingStep(move)).toBeUndefined();
  });

  it('does not count a re-enrollment as leaving the ended run', () => {
    const previous = ended('completed', [{ stepId: 'welcome' }]);
    expect(moveCounts(moveBetween(previous, active('welcome')))).toEqual({
      'welcome:entered': 1,
      'welcome:waiting': 1,
    });
  });

  it('spreads enrollments over the shards by a stable hash of their id', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `01JCAMPAIGN:01JCONTACT${String(i).padStart(5, '0')}`);
    const shards = ids.map(stepCountShardOf);
    expect(shards).toEqual(ids.map(stepCountShardOf));
    expect(new Set(shards).size).toBe(stepCountShards);
    expect(Math.min(...shards)).toBe(0);
    expect(Math.max(...shards)).toBe(stepCountShards - 1);
  });
});

describe('a version’s numbers from its summed counters', () => {
  it('reads each step in the definition’s order, its variants, and totals; a step the version lacks is ignored', () => {
    const { steps, totals } = stepCountsOf(journey, {
      'welcome:entered': 3,
      'welcome:sent': 3,
      'welcome:opened': 2,
      'two-days:entered': 3,
      'two-days:waiting': 1,
      'two-days:exited-unsubscribed': 1,
      'case-study:sent': 1,
      'case-study:sent:a': 1,
      'case-study:clicked:a': 1,
      'case-study:completed': 1,
      'gone:entered': 7,
    });
    expect(steps.map((step) => step.stepId)).toEqual(journey.steps.map((step) => step.id));
    expect(steps[0]).toMatchObject({ stepId: 'welcome', type: 'email', entered: 3, sent: 3, opened: 2, variants: [] });
    expect(steps.find((step) => step.stepId === 'case-study')?.variants).toEqual([
      { variantId: 'a', sent: 1, opened: 0, clicked: 1 },
      { variantId: 'b', sent: 0, opened: 0, clicked: 0 },
    ]);
    expect(totals).toMatchObject({ enrolled: 3, waiting: 1, sent: 4, opened: 2, clicked: 0, completed: 1 });
    expect(totals.exited).toMatchObject({ unsubscribed: 1, bounced: 0, 'left-segment': 0 });
  });

  it('reads a step named like an Object property (constructor) as any other', () => {
    const named = CampaignDefinition.parse(
      aNurtureJourney({ steps: [{ ...aNurtureJourney().steps[0], id: 'constructor' }] }),
    );
    expect(stepCountsOf(named, {}).steps[0]).toMatchObject({ stepId: 'constructor', entered: 0, sent: 0 });
    expect(stepCountsOf(named, { 'constructor:entered': 2 }).steps[0]?.entered).toBe(2);
  });

  it('never reports a negative waiting, which a query racing a move could otherwise show for an instant', () => {
    expect(stepCountsOf(journey, { 'welcome:waiting': -1 }).steps[0]?.waiting).toBe(0);
  });

  it('gives a step’s or a variant’s open and click rates per email sent, and none for a step that sent nothing', () => {
    expect(emailRates({ sent: 3, opened: 2, clicked: 1 })).toEqual({ openRate: 0.6667, clickRate: 0.3333 });
    expect(emailRates({ sent: 0, opened: 0, clicked: 0 })).toEqual({ openRate: null, clickRate: null });
  });
});

describe('counters summed over any sequence of moves', () => {
  // A straight journey of four steps; each enrollment moves forward, sleeps, pauses or ends, at random.
  const path = ['welcome', 'two-days', 'reminder', 'converted'];
  const action = fc.record({
    enrollment: fc.integer({ min: 0, max: 4 }),
    kind: fc.constantFrom('forward', 'stay', 'hold', 'resume', 'exit', 'retry'),
  });

  it('keep waiting equal to the enrollments at each step, never below zero, and count each end once', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (actions) => {
        const states = new Map<number, State>();
        const counters: StepCountDeltas = {};
        let ends = 0;
        let lastMove: EnrollmentMove | undefined;
        const apply = (id: number, before: State | undefined, after: State, trail: string[] = []) => {
          lastMove = moveBetween(before, after, trail);
          sum(counters, moveCounts(lastMove));
          states.set(id, after);
        };
        for (const { enrollment: id, kind } of actions) {
          const state = states.get(id);
          if (!state || state.status === 'ended') {
            apply(id, state, active(path[0]));
            continue;
          }
          const at = state.atStepId ?? path[0]!;
          const next = path[path.indexOf(at) + 1];
          if (kind === 'forward')
            apply(id, state, next ? { ...state, status: 'active', atStepId: next } : ended('completed'), [at]);
          else if (kind === 'stay') apply(id, state, state, [at]);
          else if (kind === 'hold') apply(id, state, { ...state, status: 'held' });
          else if (kind === 'resume') apply(id, state, { ...state, status: 'active' });
          else if (kind === 'exit') apply(id, state, ended('bounced'));
          // A retried move that was already done: its transaction writes nothing, so nothing is applied.
          if (kind === 'exit' || (kind === 'forward' && !next)) ends++;
        }
        const { steps, totals } = stepCountsOf(
          { steps: path.map((id) => ({ id, type: 'wait' as const, duration: { days: 1, hours: 0, minutes: 0 } })) },
          counters,
        );
        for (const step of steps) {
          const raw = counters[`${step.stepId}:waiting`] ?? 0;
          expect(raw).toBeGreaterThanOrEqual(0);
          expect(raw).toBe(
            [...states.values()].filter((s) => s.status !== 'ended' && s.atStepId === step.stepId).length,
          );
        }
        expect(totals.completed + totals.exited.bounced).toBe(ends);
        expect(lastMove === undefined || landingStep(lastMove) !== undefined).toBe(true);
      }),
    );
  });
});
