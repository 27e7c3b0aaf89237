import fc from 'fast-check';
import {
  ContactCondition,
  EnrollmentTrigger,
  exitReasons,
  weekdays,
} from '#shared/campaigns/campaign-definition.schema.ts';
import type { DraftStep, WrittenDefinition } from '../../../web/src/features/campaigns/journey-draft.ts';
import { arbitraryFor } from '../../support/zod-arbitrary.ts';

/** Text marketers write, in Latin and Persian script, with no Liquid in it (templates are checked elsewhere). */
const words = fc
  .array(
    fc.constantFrom('Hi', 'there', 'نسخه', 'ساده', '۱۲', 'a-b', '—', 'Ünïcode', '&amp;', '<b>x</b>', '"q"', "'s"),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map((parts) => parts.join(' '));
const content = fc.record({ subject: words, html: words, text: words });
// The derived arbitrary does not know the refinements (a score needs min or max, numbers a stored size).
const anyCondition = (
  arbitraryFor(ContactCondition, { hostileWeight: 0 }) as fc.Arbitrary<Record<string, unknown> & { kind: string }>
).filter((each) => ContactCondition.safeParse(each).success);
/** A branch's or goal's condition: opened/clicked name the first step, always an email listed before. */
const condition = anyCondition.map((each) =>
  each.kind === 'opened' || each.kind === 'clicked' ? { kind: each.kind, stepId: 's0' } : each,
);
const campaignGoal = anyCondition.filter((each) => each.kind !== 'opened' && each.kind !== 'clicked');

const splits = fc.integer({ min: 2, max: 4 }).chain((count) =>
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: count, maxLength: count }).map((weights) => {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const shares = weights.map((weight) => Math.max(1, Math.floor((weight / total) * 100)));
    shares[0] = 100 - shares.slice(1).reduce((sum, share) => sum + share, 0);
    return shares;
  }),
);

type Body = Record<string, unknown> & { type: DraftStep['type'] };
const bodies: Record<DraftStep['type'], fc.Arbitrary<Body>> = {
  email: fc.oneof(
    content.map((each) => ({ type: 'email' as const, content: each })),
    fc.tuple(splits, fc.array(content, { minLength: 4, maxLength: 4 })).map(([shares, contents]) => ({
      type: 'email' as const,
      variants: shares.map((split, v) => ({ id: `v${v}`, split, ...contents[v] })),
    })),
  ),
  wait: fc.oneof(
    fc
      .record(
        {
          days: fc.integer({ min: 0, max: 30 }),
          hours: fc.integer({ min: 0, max: 23 }),
          minutes: fc.integer({ min: 1, max: 59 }),
        },
        { requiredKeys: ['minutes'] },
      )
      .map((duration) => ({ type: 'wait' as const, duration })),
    fc
      .record(
        {
          weekdays: fc.subarray([...weekdays], { minLength: 1 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
        },
        { requiredKeys: ['weekdays', 'hour'] },
      )
      .map((until) => ({ type: 'wait' as const, until })),
  ),
  branch: condition.map((each) => ({ type: 'branch' as const, condition: each })),
  goal: condition.map((each) => ({ type: 'goal' as const, condition: each })),
  update: fc
    .oneof(
      fc.record({ lifecycleStage: fc.constantFrom('subscriber', 'lead', 'mql', 'sql') }),
      fc.record({ addTags: fc.array(words, { minLength: 1, maxLength: 3 }) }),
      fc.record({
        customFields: fc.dictionary(
          fc.constantFrom('plan', 'seats', 'trial'),
          fc.oneof(words, fc.integer(), fc.boolean()),
          { minKeys: 1 },
        ),
      }),
    )
    .map((set) => ({ type: 'update' as const, set })),
  'notify-owner': fc
    .record({ subject: words, text: words })
    .map((each) => ({ type: 'notify-owner' as const, ...each })),
};

/** How a non-branch step's `next` is written: left out, the same step named, the end said outright. */
const nextForm = fc.constantFrom('implicit', 'explicit', 'end-if-last');

/**
 * Any valid journey as a person could write it: an email first, then any mix of steps, wired so every step is
 * reachable and nothing loops (a branch's "then" is the step below it, its "else" any later step), `next`
 * written or left out, the campaign's optional fields present or not. Each is checked valid by the test.
 */
export const validJourney: fc.Arbitrary<WrittenDefinition> = fc
  .tuple(
    bodies.email,
    fc.array(
      fc.constantFrom(...(Object.keys(bodies) as DraftStep['type'][])).chain((type) => bodies[type]),
      { maxLength: 7 },
    ),
    fc.array(fc.tuple(nextForm, fc.nat()), { minLength: 8, maxLength: 8 }),
    fc.record(
      {
        name: words,
        description: words,
        trigger: arbitraryFor(EnrollmentTrigger, { hostileWeight: 0 }),
        goal: campaignGoal,
        exitWhen: fc.subarray([...exitReasons]),
        reEnrollment: fc.record(
          { policy: fc.constantFrom('never', 'after-exit'), minDaysBetween: fc.integer({ min: 0, max: 3650 }) },
          { requiredKeys: ['policy'] },
        ),
        sendWindow: fc
          .record({
            days: fc.subarray([...weekdays], { minLength: 1 }),
            startHour: fc.integer({ min: 0, max: 23 }),
            length: fc.integer({ min: 1, max: 24 }),
            timeZone: fc.constantFrom('UTC', 'Europe/London', 'Asia/Tehran', undefined),
          })
          .map(({ length, timeZone, ...window }) => ({
            ...window,
            endHour: Math.min(24, window.startHour + length),
            ...(timeZone ? { timeZone } : {}),
          })),
        frequencyCap: fc.record({
          maxEmails: fc.integer({ min: 1, max: 100 }),
          perDays: fc.integer({ min: 1, max: 90 }),
        }),
      },
      { requiredKeys: ['name', 'trigger'] },
    ),
  )
  .map(([first, rest, wiring, campaign]) => {
    const bodiesInOrder = [first, ...rest];
    const last = bodiesInOrder.length - 1;
    const steps = bodiesInOrder.map((body, index) => {
      const id = `s${index}`;
      const [form, pick] = wiring[index] as [string, number];
      if (body.type === 'branch') {
        // A branch last in the list has nowhere below it to go: it becomes a goal.
        if (index === last) return { ...body, id, type: 'goal' };
        const elseTarget = index + 1 + (pick % (last - index));
        return { id, ...body, then: `s${index + 1}`, else: `s${elseTarget}` };
      }
      if (form === 'explicit' && index < last) return { id, ...body, next: `s${index + 1}` };
      if (form === 'end-if-last' && index === last) return { id, ...body, next: null };
      return { id, ...body };
    });
    return { ...campaign, steps } as unknown as WrittenDefinition;
  });
