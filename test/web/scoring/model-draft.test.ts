import { describe, expect, it } from 'vitest';
import { demoScoringModel } from '#local/demo-lead-settings.ts';
import { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';
import {
  behaviourRuleDraft,
  cellError,
  checkDraft,
  compareExplanations,
  draftOf,
  fitRuleDraft,
  freshRuleId,
} from '../../../web/src/features/scoring/model-draft.ts';
import { aScoringModel } from '../../support/lead-lifecycle-fixtures.ts';

describe('the scoring model as editable tables', () => {
  it.each([
    ['the demo model', ScoringModelInput.parse(demoScoringModel)],
    ['a model with every kind of test', aScoringModel()],
  ])('opens %s and, unchanged, sends back exactly that model', (_name, model) => {
    expect(checkDraft(draftOf(model))).toEqual({ ok: true, model });
  });

  it('keeps a number compared with as a number while its cell is untouched, and reads digits of any script', () => {
    const model = aScoringModel({
      fitRules: [
        { id: 'seats', name: 'Seats', when: { field: 'custom.seats', operator: 'equals', value: 42 }, points: 5 },
      ],
    });
    const draft = draftOf(model);
    draft.behaviourRules[0]!.points = '۲۰';
    draft.behaviourRules[0]!.halfLifeDays = '١٤';
    const checked = checkDraft(draft);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(checked.model.fitRules[0]!.when).toEqual({ field: 'custom.seats', operator: 'equals', value: 42 });
    expect(checked.model.behaviourRules[0]).toMatchObject({ points: 20, halfLifeDays: 14 });
    // Typed anew, the cell is text, as the API compares it (ignoring case).
    draft.fitRules[0]!.value = '43';
    expect(checkDraft(draft)).toMatchObject({ ok: true, model: { fitRules: [{ when: { value: '43' } }] } });
  });

  it('puts the API schema’s errors on their cells, and finds a cell’s error inside it', () => {
    const draft = draftOf(aScoringModel());
    draft.fitRules[1]!.points = '0';
    draft.behaviourRules[1]!.halfLifeDays = 'soon';
    draft.fitRules[0]!.values = '';
    const checked = checkDraft(draft);
    if (checked.ok) throw new Error('a model with 0 points passed');
    expect(cellError(checked.errors, 'fitRules.1.points')).toBe('points must not be 0');
    expect(cellError(checked.errors, 'behaviourRules.1.halfLifeDays')).toBeDefined();
    expect(cellError(checked.errors, 'fitRules.0.when')).toBeDefined();
    expect(cellError(checked.errors, 'fitRules.2.points')).toBeUndefined();
  });

  it('gives a new row an id no rule has, so it is valid once it is named', () => {
    const draft = draftOf(aScoringModel());
    draft.fitRules.push({ ...fitRuleDraft(), id: 'fit-1' });
    const id = freshRuleId(draft, 'fit');
    expect(id).toBe('fit-2');
    draft.fitRules.push({ ...fitRuleDraft(), id, name: 'Germany', field: 'country', value: 'DE', points: '5' });
    draft.behaviourRules.push({
      ...behaviourRuleDraft(),
      id: freshRuleId(draft, 'behaviour'),
      name: 'Form',
      points: '1',
    });
    draft.fitRules.splice(-2, 1);
    expect(checkDraft(draft)).toMatchObject({ ok: true });
  });

  it('lines up the saved and tried explanations rule by rule, in the tried order', () => {
    const line = (ruleId: string, points: number) => ({ ruleId, ruleName: ruleId, kind: 'fit', points });
    expect(compareExplanations([line('a', 10), line('b', 5)], [line('b', 8), line('c', 3)])).toEqual([
      { ruleId: 'b', ruleName: 'b', kind: 'fit', saved: 5, tried: 8 },
      { ruleId: 'c', ruleName: 'c', kind: 'fit', tried: 3 },
      { ruleId: 'a', ruleName: 'a', kind: 'fit', saved: 10 },
    ]);
  });
});
