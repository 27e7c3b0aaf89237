import { describe, expect, it } from 'vitest';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { openLeadDeltas, openLeadShardOf, openLeadShards } from '#shared/contacts/open-leads.rules.ts';

const contact = (ownerId: string | undefined, lifecycleStage: Contact['lifecycleStage']) => ({
  id: '01JDC0NTACT',
  ownerId,
  lifecycleStage,
});

describe('open-lead counters', () => {
  it('count an owned lead, MQL or SQL, and nothing else', () => {
    expect(openLeadDeltas(undefined, contact('ada', 'mql'))).toEqual([
      { ownerId: 'ada', shard: openLeadShardOf('01JDC0NTACT'), delta: 1 },
    ]);
    expect(openLeadDeltas(undefined, contact(undefined, 'lead'))).toEqual([]);
    expect(openLeadDeltas(undefined, contact('ada', 'customer'))).toEqual([]);
  });

  it('move the count with the owner, drop it when the lead closes, and change nothing for other edits', () => {
    const shard = openLeadShardOf('01JDC0NTACT');
    expect(openLeadDeltas(contact('ada', 'lead'), contact('grace', 'sql'))).toEqual([
      { ownerId: 'ada', shard, delta: -1 },
      { ownerId: 'grace', shard, delta: 1 },
    ]);
    expect(openLeadDeltas(contact('ada', 'sql'), contact('ada', 'customer'))).toEqual([
      { ownerId: 'ada', shard, delta: -1 },
    ]);
    expect(openLeadDeltas(contact('ada', 'lead'), contact('ada', 'mql'))).toEqual([]);
    expect(openLeadDeltas(contact('ada', 'lead'), undefined)).toEqual([{ ownerId: 'ada', shard, delta: -1 }]);
  });

  it('spread contacts over every shard, always the same one for one contact', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, index) => openLeadShardOf(`contact-${index}`)));
    expect(shards.size).toBe(openLeadShards);
    expect(openLeadShardOf('contact-7')).toBe(openLeadShardOf('contact-7'));
  });
});
