import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { contactKeys } from '#shared/db/keys.ts';
import { transactItems } from '#shared/db/transact-items.ts';
import { TransactionConditionFailed, writeTransaction } from '#shared/db/transactions.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import { oldestPendingAgeSeconds, relayEvents, sweepPendingEvents } from '#shared/events/relay.ts';
import { recordLeadFailure } from '#shared/leads/lead-lifecycle.service.ts';
import { LocalEventBus } from '../../local/event-bus.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: Dependencies;

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
});

const aNurtureRequest = (contactId: string, id: string) =>
  domainEvent(
    'Campaign Enrollment Requested',
    { contactId, campaignId: '01JCAMPA1GN000000000000000', reason: 'nurture', causationId: id },
    { id, occurredAt: new Date().toISOString() },
  );

const isPending = async (eventId: string) =>
  (await deps.outbox.listPending(1000)).some((event) => event.detail.id === eventId);

async function itemsOfContact(contactId: string, entity: string) {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': contactKeys.item(contactId).pk },
    }),
  );
  return Items.filter((item) => item.entity === entity);
}

describe('an outbox put whose event id exists (a retried step)', () => {
  it('does not put a relayed event back to pending, writes nothing else, and is not an error', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const event = aNurtureRequest(contact.id, `${contact.id}.nurture`);
    const items = transactItems(table);
    expect(await writeTransaction(table, [items.event(event)])).toBe('written');
    await relayEvents([event], { outbox: deps.outbox, publisher: new LocalEventBus(), context: systemContext });
    expect(await isPending(event.detail.id)).toBe(false);

    // The step is retried (its Lambda timed out after the commit): same event id, and a marker it writes with it.
    const marker = { pk: `TEST#${contact.id}`, sk: 'MARKER', entity: 'TestMarker' };
    expect(await writeTransaction(table, [items.put(marker), items.event(event)])).toBe('already-written');
    expect(await isPending(event.detail.id)).toBe(false);
    expect((await deps.outbox.get(event.detail.id))?.detail).toEqual(event.detail);
    const { Item } = await table.db
      .send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': marker.pk },
        }),
      )
      .then(({ Items }) => ({ Item: Items?.[0] }));
    expect(Item).toBeUndefined(); // all or nothing: the retry applied nothing
  });

  it('is still a conflict when another condition failed too, so the caller re-reads', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const event = aNurtureRequest(contact.id, `${contact.id}.conflict`);
    const items = transactItems(table);
    await writeTransaction(table, [items.event(event)]);
    const stored = await deps.contacts.get(contact.id);
    const stale = { ...stored!, version: stored!.version - 1 };
    const attempt = writeTransaction(table, [
      ...deps.contacts.updateItems(stale, { ...stale, firstName: 'Changed', version: stale.version + 1 }, []),
      items.event(event),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(TransactionConditionFailed);
  });

  it('lets a retried failure recorder park the failure once, also when two retries race', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const failure = {
      contactId: contact.id,
      step: 'RouteLead',
      error: 'States.TaskFailed',
      cause: 'boom',
      causationId: `cause-${contact.id}`,
    };
    await recordLeadFailure(deps, failure);
    await relayEvents(
      (await deps.outbox.listPending(1000)).filter((event) => event.detail.id === `${failure.causationId}.failed`),
      {
        outbox: deps.outbox,
        publisher: new LocalEventBus(),
        context: systemContext,
      },
    );
    // A sequential retry: it does not fail, does not park it again, does not re-pend the relayed event.
    expect(await recordLeadFailure(deps, failure)).toEqual({ recorded: true });
    expect(await itemsOfContact(contact.id, 'LeadFailure')).toHaveLength(1);
    expect(await isPending(`${failure.causationId}.failed`)).toBe(false);

    // Two first tries at once (a check-then-write would let both park it).
    const raced = { ...failure, causationId: `race-${contact.id}` };
    expect(await Promise.all([recordLeadFailure(deps, raced), recordLeadFailure(deps, raced)])).toEqual([
      { recorded: true },
      { recorded: true },
    ]);
    expect(await itemsOfContact(contact.id, 'LeadFailure')).toHaveLength(2);
  });
});

describe('the outbox sweeper', () => {
  it('relays a pending item older than its age once, leaves recent ones to the stream, and reports the oldest age', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const old = domainEvent(
      'Campaign Enrollment Requested',
      { contactId: contact.id, campaignId: '01JCAMPA1GN000000000000000', reason: 'nurture', causationId: 'old' },
      { id: `${contact.id}.stranded`, occurredAt: at(30) },
    );
    const recent = { ...old, detail: { ...old.detail, id: `${contact.id}.recent`, occurredAt: at(1) } } as typeof old;
    const items = transactItems(table);
    await writeTransaction(table, [items.event(old), items.event(recent)]);
    const bus = new LocalEventBus();
    const sweep = { outbox: deps.outbox, publisher: bus, context: systemContext };
    const ofContact = () => bus.events().filter((event) => event.detail.contactId === contact.id);

    expect(await oldestPendingAgeSeconds(sweep)).toBeGreaterThanOrEqual(30 * 60);
    const first = await sweepPendingEvents(sweep, { olderThanSeconds: 5 * 60, maxEvents: 500 });
    expect(first.relayed).toBeGreaterThanOrEqual(1);
    expect(ofContact().map((event) => event.detail.id)).toEqual([old.detail.id]);
    expect(await isPending(old.detail.id)).toBe(false);
    expect(await isPending(recent.detail.id)).toBe(true); // the stream's to relay

    // The next sweep finds nothing more of it: relayed once.
    await sweepPendingEvents(sweep, { olderThanSeconds: 5 * 60, maxEvents: 500 });
    expect(ofContact()).toHaveLength(1);
  });
});
