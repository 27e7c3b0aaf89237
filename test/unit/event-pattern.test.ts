import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../local/event-pattern.ts';

const contactCreated = {
  source: 'relay.contacts',
  'detail-type': 'Contact Created',
  detail: { contactId: 'C1', ownerId: 'O1', tags: ['vip', 'trial'] },
};

describe('matchesPattern (EventBridge semantics, the subset our rules use)', () => {
  it('matches when every field matches one of its values', () => {
    expect(
      matchesPattern(contactCreated, {
        source: ['relay.contacts'],
        'detail-type': ['Contact Updated', 'Contact Created'],
      }),
    ).toBe(true);
    expect(matchesPattern(contactCreated, { source: ['relay.deals'] })).toBe(false);
  });

  it('supports exists on nested detail fields', () => {
    expect(matchesPattern(contactCreated, { detail: { ownerId: [{ exists: true }] } })).toBe(true);
    expect(
      matchesPattern({ ...contactCreated, detail: { contactId: 'C1' } }, { detail: { ownerId: [{ exists: true }] } }),
    ).toBe(false);
    expect(
      matchesPattern({ ...contactCreated, detail: { contactId: 'C1' } }, { detail: { ownerId: [{ exists: false }] } }),
    ).toBe(true);
  });

  it('matches an array field when any element matches', () => {
    expect(matchesPattern(contactCreated, { detail: { tags: ['vip'] } })).toBe(true);
    expect(matchesPattern(contactCreated, { detail: { tags: ['churned'] } })).toBe(false);
  });

  it('does not match a nested pattern against a scalar', () => {
    expect(matchesPattern(contactCreated, { source: { inner: ['x'] } })).toBe(false);
  });
});
