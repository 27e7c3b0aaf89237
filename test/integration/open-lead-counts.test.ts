import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact, deleteContact, updateContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { rebuildKpis } from '#shared/reports/kpi-rebuild.service.ts';
import { aContactRequest, anAdmin, anOwnerRequest } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
let table: TableRef;
beforeAll(async () => void (deps = buildDependencies((table = await createTestTable()), systemContext)));

describe("an owner's open leads (capacity routing)", () => {
  it('are counted in the same transaction as each contact write, and read with one small query', async () => {
    const [ada, grace] = [await createOwner(deps, anOwnerRequest()), await createOwner(deps, anOwnerRequest())];
    const leads = [];
    for (let i = 0; i < 12; i++)
      leads.push(await createContact(deps, aContactRequest({ ownerId: ada.id, lifecycleStage: 'lead' }), anAdmin()));
    await createContact(deps, aContactRequest({ ownerId: ada.id, lifecycleStage: 'customer' }), anAdmin());
    expect(await deps.contacts.countOpenLeads(ada.id)).toBe(12);

    await updateContact(deps, leads[0]!.id, { lifecycleStage: 'customer' }, anAdmin());
    await updateContact(deps, leads[1]!.id, { ownerId: grace.id }, anAdmin());
    await updateContact(deps, leads[2]!.id, { lifecycleStage: 'mql' }, anAdmin());
    await deleteContact(deps, leads[3]!.id, anAdmin());
    expect([await deps.contacts.countOpenLeads(ada.id), await deps.contacts.countOpenLeads(grace.id)]).toEqual([9, 1]);

    // The count reads the owner's counter shards, never the owner's contacts.
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `OWNER#${ada.id}`, ':prefix': 'OPEN_LEADS#' },
      }),
    );
    expect(Items.length).toBeLessThanOrEqual(8);
    expect((await rebuildKpis(deps, { apply: false })).openLeadDifferences).toEqual([]);
  });

  it('a counter that drifted (contacts from before the counters) is recounted by a rebuild', async () => {
    const owner = await createOwner(deps, anOwnerRequest());
    await createContact(deps, aContactRequest({ ownerId: owner.id, lifecycleStage: 'sql' }), anAdmin());
    await deps.contacts.replaceOpenLeadCount(owner.id, 0);
    expect((await rebuildKpis(deps, { apply: false })).openLeadDifferences).toEqual([
      { ownerId: owner.id, live: 0, recounted: 1 },
    ]);
    await rebuildKpis(deps, { apply: true });
    expect(await deps.contacts.countOpenLeads(owner.id)).toBe(1);
    expect((await rebuildKpis(deps, { apply: false })).openLeadDifferences).toEqual([]);
  });
});
