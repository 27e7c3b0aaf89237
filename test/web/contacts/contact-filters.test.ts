import { describe, expect, it } from 'vitest';
import { ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { CreateSegmentRequest } from '#shared/segments/segment.schema.ts';
import {
  listQuery,
  readListParams,
  segmentFilterOf,
  writeListParams,
  type ContactFilter,
} from '../../../web/src/features/contacts/contact-filters.ts';

const ada = '01JDEM00WNER00000000000ADA';
const company = '01JDEMC0MPANY0000000000001';
const filters: ContactFilter[] = [
  { kind: 'all' },
  { kind: 'owner', ownerId: ada },
  { kind: 'stage', lifecycleStage: 'mql' },
  { kind: 'company', companyId: company },
  { kind: 'unowned' },
];

describe('the contact list filters', () => {
  it('round-trip through the address bar with the page size', () => {
    for (const filter of filters) {
      expect(readListParams(writeListParams(filter, 5))).toEqual({ filter, limit: 5 });
    }
    expect(readListParams(new URLSearchParams('limit=500&stage=nonsense'))).toEqual({
      filter: { kind: 'all' },
      limit: 100,
    });
    expect(readListParams(writeListParams({ kind: 'all' }, 25, 'SEGMENT'))).toEqual({
      filter: { kind: 'all' },
      limit: 25,
      viewId: 'SEGMENT',
    });
    expect(readListParams(writeListParams({ kind: 'all' }, 100, 'SEGMENT'))).toEqual({
      filter: { kind: 'all' },
      limit: 100,
      viewId: 'SEGMENT',
    });
  });

  it('ask GET /contacts for one filter at a time, as its query schema accepts', () => {
    for (const filter of filters) {
      expect(ListContactsQuery.safeParse({ ...listQuery(filter), limit: '5' }).success).toBe(true);
    }
    expect(listQuery({ kind: 'unowned' })).toEqual({ unowned: 'true' });
  });

  it('save as segment criteria the API accepts (owners and stages as lists), except "unowned", which has none', () => {
    expect(segmentFilterOf({ kind: 'owner', ownerId: ada })).toEqual({ ownerIds: [ada] });
    expect(segmentFilterOf({ kind: 'stage', lifecycleStage: 'mql' })).toEqual({ lifecycleStages: ['mql'] });
    for (const filter of filters.filter((candidate) => candidate.kind !== 'unowned')) {
      const parsed = CreateSegmentRequest.safeParse({ name: 'A view', filter: segmentFilterOf(filter) });
      expect(parsed.success, JSON.stringify(filter)).toBe(true);
    }
    expect(segmentFilterOf({ kind: 'unowned' })).toBeUndefined();
  });
});
