import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { successorsOf } from '#shared/campaigns/campaign-definition.rules.ts';
import type { CampaignStep } from '#shared/campaigns/campaign-definition.schema.ts';
import { simulateJourney } from '#shared/campaigns/simulation.ts';
import { emptyDraft, type DraftDefinition, type DraftStep } from '../../../web/src/features/campaigns/journey-draft.ts';
import {
  connect,
  deleteStep,
  insertStep,
  replaceStep,
  type Place,
} from '../../../web/src/features/campaigns/journey-edits.ts';
import { issuesOf } from '../../../web/src/features/campaigns/journey-issues.ts';
import { validJourney } from './journey-arbitraries.ts';

const formId = '01JDEMF0RM000000000000DEM0';
/** Writes a subject on an email step (what the marketer types in its panel). */
function withSubject(draft: DraftDefinition, id: string, subject: string): DraftDefinition {
  const index = draft.steps.findIndex((step) => step.id === id);
  const step = draft.steps[index] as Extract<DraftStep, { type: 'email' }>;
  return replaceStep(draft, index, { ...step, content: { ...step.content!, subject } });
}
/** Each step's successors, as the journey runs them. */
const graphOf = (draft: DraftDefinition) =>
  Object.fromEntries(draft.steps.map((step, i) => [step.id, successorsOf(draft.steps as CampaignStep[], i)]));

describe('editing a journey on the canvas', () => {
  it('builds the issue’s journey from scratch: form trigger, welcome, wait, branch on opened, two emails', () => {
    let draft: DraftDefinition = { ...emptyDraft(), name: 'Welcome series', trigger: { type: 'form', formId } };
    const add = (place: Place, type: DraftStep['type']) => {
      const result = insertStep(draft, place, type);
      draft = result.draft;
      return result.stepId;
    };
    const welcome = add({ after: 'trigger' }, 'email');
    const wait = add({ after: welcome }, 'wait');
    const branch = add({ after: wait }, 'branch');
    // The branch is added with both arms open: the schema pins that to the arms, the API would refuse it.
    expect(issuesOf(draft).filter((issue) => issue.nodeId === `step:${branch}`)).toEqual([
      { nodeId: 'step:branch-1', field: 'then', message: 'the "then" arm is not connected: give the step it leads to' },
      { nodeId: 'step:branch-1', field: 'else', message: 'the "else" arm is not connected: give the step it leads to' },
    ]);
    const caseStudy = add({ after: branch, arm: 'then' }, 'email');
    const reminder = add({ after: branch, arm: 'else' }, 'email');
    draft = withSubject(
      withSubject(withSubject(draft, welcome, 'Welcome'), caseStudy, 'A case study'),
      reminder,
      'Did you see this?',
    );
    draft = replaceStep(draft, 1, { id: 'two-days', type: 'wait', duration: { days: 2 } });

    expect(draft.steps.map((step) => step.id)).toEqual(['email-1', 'two-days', 'branch-1', 'email-3', 'email-2']);
    expect(draft.steps[2]).toEqual({
      id: 'branch-1',
      type: 'branch',
      condition: { kind: 'opened', stepId: 'email-1' },
      then: 'email-2',
      else: 'email-3',
    });
    expect(issuesOf(draft)).toEqual([]);
    const journey = CampaignDefinition.parse(draft);
    const monday = new Date('2026-11-23T10:00:00.000Z');
    const sent = (opens: string[]) =>
      simulateJourney(journey, [{ id: 'c', email: 'c@example.com', behaviour: { opens } }], monday)
        .filter((entry) => entry.what === 'email')
        .map((entry) => `${entry.at.slice(0, 10)} ${entry.subject}`);
    expect(sent(['email-1'])).toEqual(['2026-11-23 Welcome', '2026-11-25 A case study']);
    expect(sent([])).toEqual(['2026-11-23 Welcome', '2026-11-25 Did you see this?']);
  });

  it('adds a step between two as the only written change besides the new step', () => {
    const draft = emptyDraft();
    const one = insertStep(draft, { after: 'trigger' }, 'email').draft;
    const two = insertStep(one, { after: 'email-1' }, 'email').draft;
    const three = insertStep(two, { after: 'email-1' }, 'wait').draft;
    expect(three.steps.map((step) => [step.id, 'next' in step ? step.next : '(implicit)'])).toEqual([
      ['email-1', '(implicit)'],
      ['wait-1', '(implicit)'],
      ['email-2', '(implicit)'],
    ]);
  });

  it('deletes a step and reconnects what led to it, naming the step in the wires that named it', () => {
    const draft: DraftDefinition = {
      name: 'x',
      trigger: { type: 'manual' },
      steps: [
        { id: 'a', type: 'email', content: { subject: 'A', html: 'A', text: 'A' } },
        { id: 'b', type: 'branch', condition: { kind: 'opened', stepId: 'a' }, then: 'c', else: 'd' },
        { id: 'c', type: 'wait', duration: { days: 1 }, next: 'd' },
        { id: 'd', type: 'email', content: { subject: 'D', html: 'D', text: 'D' } },
      ],
    };
    expect(graphOf(deleteStep(draft, 'c'))).toEqual({ a: ['b'], b: ['d', 'd'], d: [] });
    expect(graphOf(deleteStep(draft, 'b'))).toEqual({ a: ['c'], c: ['d'], d: [] });
    // Connecting and disconnecting an arm.
    expect(connect(draft, 'b', 'else', null).steps[1]).not.toHaveProperty('else');
    expect(connect(draft, 'b', 'else', 'a').steps[1]).toMatchObject({ else: 'a' });
    expect(issuesOf(connect(draft, 'b', 'else', 'a'))).toEqual([
      expect.objectContaining({ nodeId: 'step:b', field: 'else', message: expect.stringContaining('loops back') }),
    ]);
  });

  it('renames a step everywhere it is named', () => {
    const draft: DraftDefinition = {
      name: 'x',
      trigger: { type: 'manual' },
      steps: [
        { id: 'a', type: 'email', content: { subject: 'A', html: 'A', text: 'A' }, next: 'b' },
        { id: 'b', type: 'branch', condition: { kind: 'opened', stepId: 'a' }, then: 'c', else: 'c' },
        { id: 'c', type: 'goal', condition: { kind: 'clicked', stepId: 'a' } },
      ],
    };
    const renamed = replaceStep(draft, 0, { ...(draft.steps[0] as DraftStep), id: 'welcome' });
    expect(renamed.steps).toMatchObject([
      { id: 'welcome', next: 'b' },
      { condition: { stepId: 'welcome' } },
      { condition: { stepId: 'welcome' } },
    ]);
    expect(issuesOf(renamed)).toEqual([]);
  });

  it('adding a step anywhere and deleting it again leaves the journey running as before, and valid', () => {
    const journeyAndPlace = validJourney.chain((journey) =>
      fc.record({
        journey: fc.constant(journey as DraftDefinition),
        after: fc.constantFrom('trigger', ...journey.steps.map((step) => step.id)),
        arm: fc.constantFrom('then' as const, 'else' as const),
        type: fc.constantFrom('email' as const, 'wait' as const, 'update' as const, 'notify-owner' as const),
      }),
    );
    fc.assert(
      fc.property(journeyAndPlace, ({ journey, after, arm, type }) => {
        const { draft, stepId } = insertStep(journey, after === 'trigger' ? { after } : { after, arm }, type);
        expect(draft.steps).toHaveLength(journey.steps.length + 1);
        const restored = deleteStep(draft, stepId);
        expect(graphOf(restored)).toEqual(graphOf(journey));
        expect(issuesOf(restored)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('pinning the API’s errors to the canvas', () => {
  const valid = (): DraftDefinition => ({
    name: 'x',
    trigger: { type: 'manual' },
    sendWindow: { days: ['mon'], startHour: 17, endHour: 9 },
    steps: [
      { id: 'b', type: 'branch', condition: { kind: 'opened', stepId: 'a' }, then: 'a', else: 'a' },
      { id: 'a', type: 'email', content: { subject: ' ', html: 'A', text: 'A' } },
    ],
  });

  it('names the node and the field: a campaign setting, a step’s field, an email branch before its email', () => {
    expect(issuesOf(valid())).toEqual([
      { nodeId: 'step:a', field: 'content.subject', message: 'Too small: expected string to have >=1 characters' },
      { nodeId: 'trigger', field: 'sendWindow.endHour', message: 'startHour must be before endHour' },
      {
        nodeId: 'step:b',
        field: 'condition.stepId',
        message: 'step "b": opened must name an email step listed before this one, not "a"',
      },
    ]);
    const fixed = { ...valid(), sendWindow: { days: ['mon' as const], startHour: 9, endHour: 17 } };
    const subjectWritten = replaceStep(fixed, 1, {
      id: 'a',
      type: 'email',
      content: { subject: 'A', html: 'A', text: 'A' },
    });
    expect(issuesOf(subjectWritten).map((issue) => `${issue.nodeId} ${issue.field}`)).toEqual([
      'step:b condition.stepId',
    ]);
  });

  it('says what the schema says in the reader’s language (Persian), the domain’s own messages as written', () => {
    const [subject] = issuesOf(valid(), 'fa');
    expect(subject?.field).toBe('content.subject');
    expect(subject?.message).toMatch(/[\u0600-\u06FF]/);
  });
});
