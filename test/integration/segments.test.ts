import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { countSegment, createSegment, segmentMembers } from '#shared/segments/segment.service.ts';
import { CreateSegmentRequest, SegmentMembersQuery } from '#shared/segments/segment.schema.ts';
import { aContactRequest, anAdmin, anOwnerId } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));

describe('segments on DynamoDB Local', () => {
  it('counts and pages through members, newest first, across index pages', async () => {
    const ownerId = anOwnerId();
    const vips: string[] = [];
    for (let i = 0; i < 230; i++) {
      const contact = await createContact(
        deps,
        aContactRequest({ ownerId, tags: i % 3 === 0 ? ['vip'] : [], lifecycleStage: i % 2 ? 'lead' : 'mql' }),
        anAdmin(),
      );
      if (i % 3 === 0) vips.unshift(contact.id);
    }
    await createContact(deps, aContactRequest({ tags: ['vip'] }), anAdmin()); // another owner: not a member
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: 'My VIPs', filter: { ownerIds: [ownerId], tagsAny: ['vip'] } }),
    );
    expect(await countSegment(deps, segment.id)).toEqual({ count: 77, examined: 230, plan: 'owner' });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await segmentMembers(
        deps,
        segment.id,
        SegmentMembersQuery.parse({ limit: '20', ...(cursor ? { cursor } : {}) }),
      );
      seen.push(...page.items.map((contact) => contact.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(vips);
  });

  it('combines an index-backed stage with other criteria', async () => {
    const mql = await createContact(
      deps,
      aContactRequest({ lifecycleStage: 'customer', country: 'JP', customFields: { seats: 500 } }),
      anAdmin(),
    );
    await createContact(
      deps,
      aContactRequest({ lifecycleStage: 'customer', country: 'JP', customFields: { seats: 5 } }),
      anAdmin(),
    );
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({
        name: 'Big JP customers',
        filter: {
          lifecycleStages: ['customer'],
          countries: ['JP'],
          customFields: [{ field: 'seats', op: 'gte', value: 100 }],
        },
      }),
    );
    const members = await segmentMembers(deps, segment.id, SegmentMembersQuery.parse({}));
    expect(members).toMatchObject({ plan: 'lifecycle stage', items: [{ id: mql.id }] });
    expect(members.nextCursor).toBeUndefined();
  });
});
