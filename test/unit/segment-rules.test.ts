import { describe, expect, it } from 'vitest';
import { matchesSegment, planSegmentQuery } from '#shared/segments/segment.rules.ts';
import { SegmentFilter } from '#shared/segments/segment.schema.ts';
import { aContact } from '../support/builders.ts';

const filter = (value: unknown) => SegmentFilter.parse(value);
const owner = '01JDEM00WNER00000000000ADA';

describe('planSegmentQuery', () => {
  it('reads the narrowest index one criterion maps onto, never the table', () => {
    expect(planSegmentQuery(filter({ companyId: owner, ownerIds: [owner] })).basis).toBe('company');
    expect(planSegmentQuery(filter({ ownerIds: [owner], lifecycleStages: ['lead'] })).partition.partitionKey).toBe(
      `OWNER#${owner}#CONTACTS`,
    );
    expect(planSegmentQuery(filter({ lifecycleStages: ['mql'] })).partition.partitionKey).toBe('STAGE#mql#CONTACTS');
    expect(planSegmentQuery(filter({ lifecycleStages: ['mql', 'sql'], tagsAny: ['vip'] })).partition.partitionKey).toBe(
      'CONTACTS',
    );
  });

  it('turns a creation-time range into a sort-key range', () => {
    const plan = planSegmentQuery(filter({ createdFrom: '2026-01-01T00:00:00Z', createdTo: '2026-01-31T23:59:59Z' }));
    expect(plan.sortKeyBetween).toEqual(['2026-01-01T00:00:00Z', '2026-01-31T23:59:59Z\uffff']);
  });
});

describe('matchesSegment', () => {
  const contact = aContact({
    lifecycleStage: 'mql',
    country: 'DE',
    ownerId: owner,
    tags: ['vip', 'webinar'],
    customFields: { plan: 'Enterprise', seats: 120, trial: false },
  });

  it('requires every criterion (AND) and any value within one (OR)', () => {
    expect(matchesSegment(contact, filter({ lifecycleStages: ['lead', 'mql'], countries: ['DE', 'AT'] }))).toBe(true);
    expect(matchesSegment(contact, filter({ lifecycleStages: ['mql'], countries: ['FR'] }))).toBe(false);
    expect(matchesSegment(contact, filter({ tagsAll: ['vip', 'webinar'] }))).toBe(true);
    expect(matchesSegment(contact, filter({ tagsAll: ['vip', 'churned'] }))).toBe(false);
    expect(matchesSegment(contact, filter({ tagsAny: ['churned', 'webinar'] }))).toBe(true);
  });

  it('compares custom fields by type', () => {
    expect(
      matchesSegment(
        contact,
        filter({
          customFields: [
            { field: 'seats', op: 'gte', value: 100 },
            { field: 'plan', op: 'contains', value: 'enter' },
          ],
        }),
      ),
    ).toBe(true);
    expect(matchesSegment(contact, filter({ customFields: [{ field: 'seats', op: 'lt', value: 100 }] }))).toBe(false);
    expect(matchesSegment(contact, filter({ customFields: [{ field: 'plan', op: 'gt', value: 1 }] }))).toBe(false);
    expect(
      matchesSegment(
        contact,
        filter({
          customFields: [
            { field: 'trial', op: 'eq', value: false },
            { field: 'region', op: 'not_exists' },
          ],
        }),
      ),
    ).toBe(true);
  });

  it('treats a contact without a score as scoring 0', () => {
    expect(matchesSegment(contact, filter({ scoreMin: 0, scoreMax: 10 }))).toBe(true);
    expect(matchesSegment(contact, filter({ scoreMin: 1 }))).toBe(false);
    expect(matchesSegment({ ...contact, score: 75 }, filter({ scoreMin: 50 }))).toBe(true);
  });

  it('reads the stored lead score, as a segment’s count and members do (not only campaigns)', () => {
    const leadScore = {
      total: 62,
      fit: 40,
      behaviour: 22,
      grade: 'A' as const,
      stage: 'mql' as const,
      explanation: [],
      scoredAt: '2026-11-01T00:00:00.000Z',
      modelVersion: 3,
    };
    expect(matchesSegment({ ...contact, leadScore }, filter({ scoreMin: 50, scoreMax: 70 }))).toBe(true);
    expect(matchesSegment({ ...contact, leadScore }, filter({ scoreMax: 50 }))).toBe(false);
  });

  it('rejects inverted ranges when the filter is defined', () => {
    expect(SegmentFilter.safeParse({ scoreMin: 10, scoreMax: 5 }).success).toBe(false);
  });
});

describe('consent and update-time criteria', () => {
  it('match the contact’s marketing consent status against any of the statuses given', () => {
    const granted = { ...aContact({}), consent: { status: 'granted' as const, updatedAt: '2026-01-01T00:00:00.000Z' } };
    const none = aContact({});
    expect(matchesSegment(granted, filter({ consentStatuses: ['granted'] }))).toBe(true);
    expect(matchesSegment(none, filter({ consentStatuses: ['granted'] }))).toBe(false);
    expect(matchesSegment(none, filter({ consentStatuses: ['none', 'withdrawn'] }))).toBe(true);
    expect(SegmentFilter.safeParse({ consentStatuses: ['maybe'] }).success).toBe(false);
  });

  it('refuse an update range that ends before it starts, naming its start', () => {
    const result = SegmentFilter.safeParse({
      updatedFrom: '2026-02-01T00:00:00.000Z',
      updatedTo: '2026-01-01T00:00:00.000Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['updatedFrom']);
  });
});
