import { describe, expect, it } from 'vitest';
import { SegmentFilter } from '#shared/segments/segment.schema.ts';
import { planSegmentQuery } from '#shared/segments/segment.rules.ts';
import {
  checkFilter,
  checkSegment,
  conditionDraft,
  draftOf,
  errorAt,
  indexPlans,
  planKey,
} from '../../../web/src/features/segments/segment-draft.ts';

const filter = SegmentFilter.parse({
  lifecycleStages: ['mql', 'opportunity'],
  ownerIds: ['01JDEM0WNER000000000000001'],
  countries: ['DE', 'IR'],
  tagsAny: ['webinar'],
  scoreMin: 40,
  consentStatuses: ['granted'],
  customFields: [
    { field: 'seats', op: 'gte', value: 100 },
    { field: 'plan', op: 'eq', value: 'pro' },
    { field: 'trial', op: 'eq', value: true },
    { field: 'churned', op: 'not_exists' },
  ],
  createdFrom: '2026-10-01T08:30:00.000Z',
  updatedTo: '2026-11-30T23:59:59.999Z',
});

describe('the segment criteria builder’s draft', () => {
  it('opens saved criteria and, unchanged, checks to exactly those criteria', () => {
    expect(checkFilter(draftOf({ name: 'Engaged', filter }))).toEqual({ ok: true, data: filter });
  });

  it('reads numbers in any script, and a day range as whole days once a day is changed', () => {
    const draft = draftOf({ name: 'Engaged', filter });
    draft.customFields[0]!.value = '۱۲۰';
    draft.createdFrom = { day: '2026-10-02' };
    draft.createdTo = { day: '2026-10-31' };
    draft.countries = ['de'];
    const checked = checkFilter(draft);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(checked.data.customFields?.[0]).toEqual({ field: 'seats', op: 'gte', value: 120 });
    expect(checked.data).toMatchObject({
      countries: ['DE'],
      createdFrom: '2026-10-02T00:00:00.000Z',
      createdTo: '2026-10-31T23:59:59.999Z',
    });
  });

  it('leaves out what is left empty: no criterion at all is every contact', () => {
    const empty = checkFilter(draftOf());
    expect(empty).toEqual({ ok: true, data: {} });
    if (empty.ok) expect(planSegmentQuery(empty.data).basis).toBe('all contacts');
  });

  it('puts the API schema’s errors on their criteria', () => {
    const draft = { ...draftOf(), name: '', scoreMin: 'lots' };
    draft.customFields = [{ ...conditionDraft(), field: 'seats', op: 'gt', value: 'many' }];
    const checked = checkSegment(draft);
    if (checked.ok) throw new Error('criteria with a score of "lots" passed');
    expect(Object.keys(checked.errors)).toEqual(expect.arrayContaining(['name', 'filter.scoreMin']));
    expect(errorAt(checked.errors, 'filter.customFields.0')).toBeDefined();
    // A range that ends before it starts is the API's error too, on its start.
    const backwards = { ...draftOf(), updatedFrom: { day: '2026-12-01' }, updatedTo: { day: '2026-11-01' } };
    expect(checkFilter(backwards)).toEqual({ ok: false, errors: { updatedFrom: 'updatedFrom is after updatedTo' } });
  });

  it('names every index the API plans a count on', () => {
    const plans = [
      { companyId: '01JDEMC0MPANY0000000000001' },
      { ownerIds: ['01JDEM0WNER000000000000001'] },
      { lifecycleStages: ['mql' as const] },
      {},
    ].map((criteria) => planSegmentQuery(criteria).basis);
    expect(plans).toEqual([...indexPlans]);
    expect(plans.map(planKey)).not.toContain('unknown');
    expect(planKey('a new index')).toBe('unknown');
  });
});
