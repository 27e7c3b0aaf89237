import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import {
  countSegmentPage,
  previewSegment,
  segmentCount,
  type SegmentCountDeps,
} from '#shared/segments/segment-count.service.ts';
import { createSegment, deleteSegment, segmentMembers, updateSegment } from '#shared/segments/segment.service.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { CreateSegmentRequest, SegmentMembersQuery, SegmentPreviewRequest } from '#shared/segments/segment.schema.ts';
import { aContactRequest, anAdmin, anOwnerId } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));

const noTimers: TimerScheduler = {
  scheduleOnce: () => Promise.reject(new Error('a small segment is counted within the request')),
};

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
    expect(await segmentCount({ ...deps, timers: noTimers }, segment.id)).toEqual({
      status: 'done',
      count: 77,
      examined: 230,
      plan: 'owner',
      countedAt: expect.any(String),
    });

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

describe('a segment too big to count in one request', () => {
  it('is counted in the background, page by page, answered as counting until done, and counted once', async () => {
    const ownerId = anOwnerId();
    for (let i = 0; i < 250; i++)
      await createContact(deps, aContactRequest({ ownerId, tags: i % 5 === 0 ? ['big'] : [] }), anAdmin());
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: 'Big', filter: { ownerIds: [ownerId], tagsAny: ['big'] } }),
    );
    const timers: Parameters<TimerScheduler['scheduleOnce']>[0][] = [];
    const countDeps: SegmentCountDeps = {
      ...deps,
      countBudget: 100,
      timers: { scheduleOnce: async (timer) => void timers.push(timer) },
    };

    const first = await segmentCount(countDeps, segment.id);
    expect(first).toMatchObject({ status: 'counting', examined: 100, plan: 'owner' });
    // A second request while it runs starts nothing new.
    expect(await segmentCount(countDeps, segment.id)).toMatchObject({ status: 'counting', examined: 100 });
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ target: 'segment-count' });

    // The workflow's loop: CountPage until there is no nextCursor.
    let input = timers[0]!.payload as unknown as Parameters<typeof countSegmentPage>[1];
    const pages = [];
    for (;;) {
      const page = await countSegmentPage(countDeps, input);
      pages.push(page);
      if (!page.nextCursor) break;
      input = { ...input, page };
    }
    expect(pages.map((page) => page.examined)).toEqual([200, 250]);
    expect(await segmentCount(countDeps, segment.id)).toEqual({
      status: 'done',
      count: 50,
      examined: 250,
      plan: 'owner',
      countedAt: expect.any(String),
    });
    // A retried last task records the same count again, and a changed segment is counted anew.
    await countSegmentPage(countDeps, input);
    expect(await segmentCount(countDeps, segment.id)).toMatchObject({ status: 'done', count: 50 });
    const changed = await updateSegment(countDeps, segment.id, { filter: { ownerIds: [ownerId] } });
    expect(await segmentCount(countDeps, changed.id)).toMatchObject({ status: 'counting' });
    expect(timers).toHaveLength(2);
    // The old job's pages, still running, no longer record a count for the changed segment.
    expect(await countSegmentPage(countDeps, input)).toEqual({
      count: input.page.count,
      examined: input.page.examined,
    });
    await deleteSegment(countDeps, segment.id);
  });
});

describe('criteria not saved yet (the builder’s live count)', () => {
  it('are counted as the saved segment would be, with their first members, and say partial beyond one request', async () => {
    const ownerId = anOwnerId();
    const webinar: string[] = [];
    for (let i = 0; i < 60; i++) {
      const contact = await createContact(
        deps,
        aContactRequest({ ownerId, tags: i % 4 === 0 ? ['webinar'] : [], country: i % 2 ? 'DE' : 'IR' }),
        anAdmin(),
      );
      if (i % 4 === 0) webinar.unshift(contact.id);
    }
    const filter = { ownerIds: [ownerId], tagsAny: ['webinar'] };
    const preview = await previewSegment(deps, SegmentPreviewRequest.parse({ filter, sampleSize: 5 }));
    expect(preview).toMatchObject({ status: 'done', count: 15, examined: 60, plan: 'owner' });
    // The sample is the first page of the saved segment's members: newest first.
    expect(preview.sample.map((contact) => contact.id)).toEqual(webinar.slice(0, 5));
    const saved = await createSegment(deps, CreateSegmentRequest.parse({ name: 'Webinar', filter }));
    expect(await segmentCount({ ...deps, timers: noTimers }, saved.id)).toMatchObject({ status: 'done', count: 15 });

    // Past one request's budget the preview says how many matched among the contacts it read, and no more.
    const partial = await previewSegment({ ...deps, countBudget: 20 }, SegmentPreviewRequest.parse({ filter }));
    expect(partial).toMatchObject({ status: 'partial', count: 5, examined: 20, plan: 'owner' });
    expect(partial.sample.map((contact) => contact.id)).toEqual(webinar.slice(0, 5));
  });
});
