import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CreateActivityRequest, ListActivitiesQuery } from '#shared/activities/activity.schema.ts';
import { getActivity, listActivities, logActivity } from '#shared/activities/activity.service.ts';
import { createContact, listContacts } from '#shared/contacts/contact.service.ts';
import { ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import {
  activityKeys,
  campaignSpendKeys,
  campaignTriggerKeys,
  consentKeys,
  contactKeys,
  dealKeys,
  engagementKeys,
  ownerKeys,
} from '#shared/db/keys.ts';
import { contactConsent } from '#shared/contacts/contact-consent.service.ts';
import { exportPersonalData } from '#shared/privacy/personal-data-export.service.ts';
import { reportUnreadableItemsTo, UnreadableStoredItem, type UnreadableItem } from '#shared/db/unreadable-items.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { aContactRequest, anAdmin, anOwnerId, anOwnerRequest } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: Dependencies;
const reported: UnreadableItem[] = [];
const previousReporter = reportUnreadableItemsTo((item) => reported.push(item));
beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
});
afterEach(() => void (reported.length = 0));
afterAll(() => void reportUnreadableItemsTo(previousReporter));

const putRaw = (item: Record<string, unknown>) =>
  table.db.send(new PutCommand({ TableName: table.tableName, Item: item }));
const rawActivity = (id: string, contactId: string, fields: Record<string, unknown>) => ({
  ...activityKeys.item(id),
  ...activityKeys.indexAttributes({ id, contactId, occurredAt: '2026-01-02T00:00:00.000Z' }),
  entity: 'Activity',
  id,
  ...fields,
});

describe('reading items that older versions wrote, or that no version could read', () => {
  it('a timeline lists the current and the upgraded activity, and skips (and reports by key) the unreadable one', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const current = await logActivity(
      deps,
      CreateActivityRequest.parse({ type: 'note', contactId: contact.id, body: 'Today' }),
      anAdmin(),
    );
    const olderId = anOwnerId();
    // As an earlier version wrote it: no `details` yet.
    await putRaw(
      rawActivity(olderId, contact.id, {
        type: 'call',
        occurredAt: '2026-01-02T00:00:00.000Z',
        contactId: contact.id,
        loggedBy: 'test-admin',
        version: 1,
        createdAt: '2026-01-02T00:00:00.000Z',
        updatedAt: '2026-01-02T00:00:00.000Z',
      }),
    );
    const garbageId = anOwnerId();
    await putRaw(
      rawActivity(garbageId, contact.id, { type: 'fax', body: 'call ada.private@example.com', version: 'x' }),
    );

    const timeline = await listActivities(deps, ListActivitiesQuery.parse({ contactId: contact.id }));
    expect(timeline.items.map((activity) => activity.id)).toEqual([current.id, olderId]);
    expect(timeline.items[1]).toMatchObject({ type: 'call', details: {} });
    expect(reported).toEqual([
      {
        entity: 'Activity',
        key: activityKeys.item(garbageId),
        issues: expect.arrayContaining([expect.objectContaining({ pointer: '/type' })]),
      },
    ]);
    expect(JSON.stringify(reported)).not.toContain('ada.private');

    // The one item itself cannot be read: a 500 whose logged cause names its key, not its content.
    const read = getActivity(deps, garbageId);
    await expect(read).rejects.toBeInstanceOf(UnreadableStoredItem);
    await expect(read).rejects.toThrow(new RegExp(`ACTIVITY#${garbageId}`));
    await expect(getActivity(deps, garbageId)).rejects.not.toThrow(/ada\.private/);
    expect((await getActivity(deps, olderId)).details).toEqual({});
  });

  it('a contact listing skips an unreadable contact and still pages on', async () => {
    const owner = await createOwner(deps, anOwnerRequest());
    const first = await createContact(deps, aContactRequest({ ownerId: owner.id }), anAdmin());
    const broken = anOwnerId();
    await putRaw({
      ...contactKeys.item(broken),
      ...contactKeys.indexAttributes({
        id: broken,
        createdAt: '2026-01-03T00:00:00.000Z',
        ownerId: owner.id,
        lifecycleStage: 'lead',
      }),
      entity: 'Contact',
      id: broken,
      email: 42,
    });
    const last = await createContact(deps, aContactRequest({ ownerId: owner.id }), anAdmin());
    const seen: string[] = [];
    for (let cursor: string | undefined, pages = 0; pages === 0 || cursor; pages++) {
      const page = await listContacts(deps, ListContactsQuery.parse({ ownerId: owner.id, limit: 1, cursor }));
      seen.push(...page.items.map((contact) => contact.id));
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual([first.id, last.id].sort());
    expect(reported.map((item) => item.key)).toEqual([contactKeys.item(broken)]);
  });
});

describe('listings read item by item skip an unreadable item and report it by key', () => {
  const at = '2026-01-04T00:00:00.000Z';
  const garbage = (key: { pk: string; sk: string }, entity: string) =>
    putRaw({ ...key, entity, id: 42, note: 'reach me at ada.private@example.com' });

  it('consent history and its newest-first page, engagements, a deal’s stage history, spend and a territory', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const consentRecord = {
      id: anOwnerId(),
      contactId: contact.id,
      status: 'granted',
      at,
      method: 'form',
      source: 'test',
    } as const;
    await table.db.send(new TransactWriteCommand({ TransactItems: [deps.consents.recordItem(consentRecord)] }));
    await garbage(consentKeys.record(contact.id, '2026-01-05T00:00:00.000Z', anOwnerId()), 'ConsentRecord');
    await garbage(engagementKeys.item(contact.id, at, anOwnerId()), 'Engagement');
    const dealId = anOwnerId();
    await garbage(dealKeys.stageChange(dealId, at, anOwnerId()), 'StageChange');
    const campaignId = anOwnerId();
    await garbage(campaignSpendKeys.item(campaignId, '2026-01-04', anOwnerId()), 'CampaignSpend');
    await garbage(ownerKeys.territoryMember('IR', anOwnerId()), 'TerritoryMember');
    await garbage(campaignTriggerKeys.item('form#nowhere', campaignId), 'CampaignTrigger');

    expect((await deps.consents.history(contact.id)).map((record) => record.id)).toEqual([consentRecord.id]);
    const consentPage = await contactConsent(deps, contact.id, { limit: 10 });
    expect(consentPage.items.map((record) => record.id)).toEqual([consentRecord.id]);
    expect(await deps.engagements.recent(contact.id)).toEqual([]);
    expect(await deps.deals.history(dealId)).toEqual([]);
    expect(await deps.campaignSpends.listFor(campaignId)).toEqual([]);
    expect(await deps.owners.listByTerritory('IR')).toEqual([]);
    expect(await deps.campaigns.triggeredBy('form#nowhere')).toEqual([]);
    expect(new Set(reported.map((item) => item.entity))).toEqual(
      new Set(['ConsentRecord', 'Engagement', 'StageChange', 'CampaignSpend', 'TerritoryMember', 'CampaignTrigger']),
    );
    expect(JSON.stringify(reported)).not.toContain('ada.private');
  });

  it('a personal-data export keeps an unreadable record as it is stored, so nothing held is left out', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const key = engagementKeys.item(contact.id, at, anOwnerId());
    await garbage(key, 'Engagement');
    const exported = await exportPersonalData(deps, contact.id);
    expect(exported.engagements).toEqual([]);
    expect(exported.otherRecords).toContainEqual(expect.objectContaining({ ...key, entity: 'Engagement' }));
  });
});
