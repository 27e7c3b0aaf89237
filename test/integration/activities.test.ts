import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import {
  CreateActivityRequest,
  ListActivitiesQuery,
  UpdateActivityRequest,
} from '#shared/activities/activity.schema.ts';
import { listActivities, logActivity, updateActivity } from '#shared/activities/activity.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { checkContactUntouched } from '#shared/contacts/follow-up.service.ts';
import { systemContext } from '#shared/context.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createDeal } from '#shared/deals/deal.service.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { Forbidden, ValidationFailed } from '#shared/errors.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { aContactRequest, anAdmin, anOwnerRequest, aPipelineRequest, aSalesRep } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));
const activity = (fields: Record<string, unknown>) => CreateActivityRequest.parse(fields);

describe('activities and timelines', () => {
  it("puts one activity on the contact's and the deal's timelines, newest first", async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const deal = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'D', pipelineId: pipeline.id, contactId: contact.id }),
      anAdmin(),
    );
    const call = await logActivity(
      deps,
      activity({
        type: 'call',
        contactId: contact.id,
        dealId: deal.id,
        direction: 'outbound',
        durationSeconds: 300,
        occurredAt: '2026-05-01T10:00:00Z',
      }),
      anAdmin(),
    );
    const note = await logActivity(
      deps,
      activity({ type: 'note', contactId: contact.id, body: 'Wants a demo', occurredAt: '2026-05-02T09:00:00Z' }),
      anAdmin(),
    );
    const older = await logActivity(
      deps,
      activity({
        type: 'email',
        contactId: contact.id,
        direction: 'inbound',
        subject: 'Hello',
        occurredAt: '2026-04-01T08:00:00+02:00',
      }),
      anAdmin(),
    );
    const timeline = await listActivities(deps, ListActivitiesQuery.parse({ contactId: contact.id }));
    expect(timeline.items.map((a) => a.id)).toEqual([note.id, call.id, older.id]);
    expect(older.occurredAt).toBe('2026-04-01T06:00:00.000Z');
    const dealTimeline = await listActivities(deps, ListActivitiesQuery.parse({ dealId: deal.id }));
    expect(dealTimeline.items.map((a) => a.id)).toEqual([call.id]);
  });

  it("lists an owner's open tasks soonest first, and drops completed ones", async () => {
    const owner = await createOwner(deps, anOwnerRequest());
    const contact = await createContact(deps, aContactRequest({ ownerId: owner.id }), anAdmin());
    const later = await logActivity(
      deps,
      activity({
        type: 'task',
        subject: 'Send pricing',
        contactId: contact.id,
        ownerId: owner.id,
        dueAt: '2026-06-10T09:00:00Z',
      }),
      anAdmin(),
    );
    const sooner = await logActivity(
      deps,
      activity({
        type: 'task',
        subject: 'Call back',
        contactId: contact.id,
        ownerId: owner.id,
        dueAt: '2026-06-01T09:00:00Z',
      }),
      anAdmin(),
    );
    const open = async () =>
      (await listActivities(deps, ListActivitiesQuery.parse({ openTasksOf: owner.id }))).items.map((a) => a.id);
    expect(await open()).toEqual([sooner.id, later.id]);
    const done = await updateActivity(
      deps,
      sooner.id,
      UpdateActivityRequest.parse({ done: true }),
      aSalesRep(owner.id),
    );
    expect(done).toMatchObject({ done: true, version: 2 });
    expect(done.doneAt).toBeDefined();
    expect(await open()).toEqual([later.id]);
  });

  it('lets a rep change only activities they logged or own', async () => {
    const [ada, bob] = await Promise.all([createOwner(deps, anOwnerRequest()), createOwner(deps, anOwnerRequest())]);
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const bobsNote = await logActivity(
      deps,
      activity({ type: 'note', contactId: contact.id, body: 'Bob was here' }),
      aSalesRep(bob.id),
    );
    expect(bobsNote.ownerId).toBe(bob.id);
    await expect(
      updateActivity(deps, bobsNote.id, UpdateActivityRequest.parse({ body: 'Ada was here' }), aSalesRep(ada.id)),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('lets a rep log activities only for themselves and never hand one to another rep (403); admins may', async () => {
    const [ada, bob] = await Promise.all([createOwner(deps, anOwnerRequest()), createOwner(deps, anOwnerRequest())]);
    const contact = await createContact(deps, aContactRequest({ ownerId: ada.id }), anAdmin());
    await expect(
      logActivity(deps, activity({ type: 'call', contactId: contact.id, ownerId: ada.id }), aSalesRep(bob.id)),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      logActivity(deps, activity({ type: 'call', contactId: contact.id, ownerId: bob.id }), aSalesRep()),
    ).rejects.toBeInstanceOf(Forbidden);
    const bobsCall = await logActivity(
      deps,
      activity({ type: 'call', contactId: contact.id, ownerId: bob.id }),
      aSalesRep(bob.id),
    );
    await expect(
      updateActivity(deps, bobsCall.id, UpdateActivityRequest.parse({ ownerId: ada.id }), aSalesRep(bob.id)),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await deps.activities.get(bobsCall.id)).toMatchObject({ ownerId: bob.id, version: 1 });
    // A rep with no owner record may still log a note: it belongs to nobody.
    const unowned = await logActivity(deps, activity({ type: 'note', contactId: contact.id }), aSalesRep());
    expect(unowned.ownerId).toBeUndefined();
    // Admins assign and reassign freely.
    const task = await logActivity(
      deps,
      activity({ type: 'task', contactId: contact.id, ownerId: ada.id, subject: 'Call back' }),
      anAdmin(),
    );
    expect(
      await updateActivity(deps, task.id, UpdateActivityRequest.parse({ ownerId: bob.id }), anAdmin()),
    ).toMatchObject({ ownerId: bob.id, version: 2 });
  });

  it('refuses an activity on a contact that does not exist, or a due date on a non-task', async () => {
    await expect(
      logActivity(deps, activity({ type: 'note', contactId: '01JDEM0000000000000000000X' }), anAdmin()),
    ).rejects.toBeInstanceOf(ValidationFailed);
    expect(
      CreateActivityRequest.safeParse({
        type: 'note',
        contactId: '01JDEM0000000000000000000X',
        dueAt: '2026-01-01T00:00:00Z',
      }).success,
    ).toBe(false);
  });

  it('counts a logged activity as a touch for the follow-up check', async () => {
    const owner = await createOwner(deps, anOwnerRequest());
    const worked = await createContact(deps, aContactRequest({ ownerId: owner.id }), anAdmin());
    const ignored = await createContact(deps, aContactRequest({ ownerId: owner.id }), anAdmin());
    await logActivity(deps, activity({ type: 'call', contactId: worked.id }), aSalesRep(owner.id));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the timeline index is eventually consistent
    expect(await checkContactUntouched(deps, worked.id)).toEqual({ untouched: false, version: 1 });
    expect(await checkContactUntouched(deps, ignored.id)).toEqual({ untouched: true, version: 1 });
  });
});
