import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '#functions/dependencies.ts';
import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  updateContact,
  type ContactDeps,
} from '#shared/contacts/contact.service.ts';
import { UpdateContactRequest, ListContactsQuery } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { contactKeys } from '#shared/db/keys.ts';
import { Conflict, NotFound, PreconditionFailed } from '#shared/errors.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { aContactRequest, anOwnerId, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: ContactDeps;
let outbox: OutboxRepository;
const patch = (value: unknown) => UpdateContactRequest.parse(value);

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  outbox = new OutboxRepository(table);
});

const pendingEventsFor = async (contactId: string) =>
  (await outbox.listPending(1000)).filter(
    (event) => 'contactId' in event.detail && event.detail.contactId === contactId,
  );

describe('contacts on DynamoDB Local', () => {
  it('creates a contact, its email marker and its Contact Created event in one go', async () => {
    const contact = await createContact(deps, aContactRequest({ email: 'Grace@Example.com' }), anAdmin());
    expect(await getContact(deps, contact.id)).toEqual(contact);
    expect(await deps.contacts.findIdByEmail('grace@example.com')).toBe(contact.id);
    const events = await pendingEventsFor(contact.id);
    expect(events.map((event) => event.detailType)).toEqual(['Contact Created']);
  });

  it('refuses a second contact whose email differs only by case and spaces, naming the first, and writes nothing', async () => {
    const first = await createContact(deps, aContactRequest({ email: 'dup@example.com' }), anAdmin());
    const error = await createContact(deps, aContactRequest({ email: '  DUP@example.COM ' }), anAdmin()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).extensions).toEqual({ existingContactId: first.id });
    const all = await listContacts(deps, ListContactsQuery.parse({ limit: 100 }));
    expect(all.items.filter((contact) => contact.emailNormalised === 'dup@example.com')).toHaveLength(1);
  });

  it('50 concurrent creates with emails differing only by case/whitespace yield exactly one contact', async () => {
    const variants = Array.from({ length: 50 }, (_, i) => {
      const local = [...'racer'].map((ch, j) => ((i >> j) & 1 ? ch.toUpperCase() : ch)).join('');
      return `${' '.repeat(i % 3)}${local}@Example.org${' '.repeat(i % 2)}`;
    });
    const results = await Promise.allSettled(
      variants.map((email) => createContact(deps, aContactRequest({ email }), anAdmin())),
    );
    const created = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(created).toHaveLength(1);
    expect(refused.every((result) => result.reason instanceof Conflict)).toBe(true);
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        FilterExpression: 'emailNormalised = :email',
        ExpressionAttributeValues: { ':pk': 'CONTACTS', ':email': 'racer@example.org' },
      }),
    );
    expect(Items).toHaveLength(1);
    const winner = (created[0] as PromiseFulfilledResult<{ id: string }>).value;
    expect(await pendingEventsFor(winner.id)).toHaveLength(1);
  });

  it('updates with a merge patch, records Contact Updated with the changed fields', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ jobTitle: 'CTO', customFields: { plan: 'growth' } }),
      anAdmin(),
    );
    const updated = await updateContact(
      deps,
      contact.id,
      patch({ jobTitle: null, customFields: { seats: 5 } }),
      anAdmin(),
    );
    expect(updated).toMatchObject({ version: 2, customFields: { plan: 'growth', seats: 5 } });
    expect(updated).not.toHaveProperty('jobTitle');
    expect(await getContact(deps, contact.id)).toEqual(updated);
    const events = await pendingEventsFor(contact.id);
    expect(events.map((event) => event.detailType)).toEqual(['Contact Created', 'Contact Updated']);
    expect(events[1]?.detail).toMatchObject({
      contactVersion: 2,
      changedFields: expect.arrayContaining(['jobTitle', 'customFields']),
    });
  });

  it('moves the email uniqueness to the new address on an email change, and refuses a taken one', async () => {
    const a = await createContact(deps, aContactRequest({ email: 'move-a@example.com' }), anAdmin());
    const b = await createContact(deps, aContactRequest({ email: 'move-b@example.com' }), anAdmin());
    await updateContact(deps, a.id, patch({ email: 'moved@example.com' }), anAdmin());
    expect(await deps.contacts.findIdByEmail('move-a@example.com')).toBeUndefined();
    expect(await deps.contacts.findIdByEmail('moved@example.com')).toBe(a.id);
    const error = await updateContact(deps, b.id, patch({ email: 'MOVED@example.com' }), anAdmin()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Conflict);
    expect(await getContact(deps, b.id)).toMatchObject({ email: 'move-b@example.com', version: 1 });
    await createContact(deps, aContactRequest({ email: 'move-a@example.com' }), anAdmin());
  });

  it('refuses a stale If-Match with 412 and leaves the contact as it was', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await updateContact(deps, contact.id, patch({ firstName: 'One' }), anAdmin(), 1);
    await expect(updateContact(deps, contact.id, patch({ firstName: 'Two' }), anAdmin(), 1)).rejects.toBeInstanceOf(
      PreconditionFailed,
    );
    expect(await getContact(deps, contact.id)).toMatchObject({ firstName: 'One', version: 2 });
  });

  it('loses no update when two writers race: one wins, the other gets 409', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        updateContact(deps, contact.id, patch({ customFields: { [`writer${i}`]: i } }), anAdmin()),
      ),
    );
    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.filter((result) => result.status === 'rejected');
    expect(losers.every((result) => result.reason instanceof Conflict)).toBe(true);
    const stored = await getContact(deps, contact.id);
    expect(stored.version).toBe(1 + winners.length);
    expect(Object.keys(stored.customFields)).toHaveLength(winners.length);
  });

  it('deletes the contact with its marker and records Contact Deleted; the email is free again', async () => {
    const contact = await createContact(deps, aContactRequest({ email: 'gone@example.com' }), anAdmin());
    await deleteContact(deps, contact.id, anAdmin());
    await expect(getContact(deps, contact.id)).rejects.toBeInstanceOf(NotFound);
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: contactKeys.emailMarker('gone@example.com') }),
    );
    expect(Item).toBeUndefined();
    expect((await pendingEventsFor(contact.id)).map((event) => event.detailType)).toEqual([
      'Contact Created',
      'Contact Deleted',
    ]);
    await expect(deleteContact(deps, contact.id, anAdmin())).rejects.toBeInstanceOf(NotFound);
    await createContact(deps, aContactRequest({ email: 'gone@example.com' }), anAdmin());
  });

  it('lists by owner and by stage, newest first, page by page with cursors', async () => {
    const ownerId = anOwnerId();
    const created = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        await createContact(deps, aContactRequest({ ownerId, lifecycleStage: i % 2 ? 'sql' : 'lead' }), anAdmin()),
      );
    }
    const newestFirst = created.map((c) => c.id).reverse();
    const first = await listContacts(deps, ListContactsQuery.parse({ ownerId, limit: '2' }));
    const second = await listContacts(deps, ListContactsQuery.parse({ ownerId, limit: '2', cursor: first.nextCursor }));
    const third = await listContacts(deps, ListContactsQuery.parse({ ownerId, limit: '2', cursor: second.nextCursor }));
    expect([...first.items, ...second.items, ...third.items].map((c) => c.id)).toEqual(newestFirst);
    const sql = await listContacts(deps, ListContactsQuery.parse({ lifecycleStage: 'sql', limit: '100' }));
    expect(sql.items.filter((c) => c.ownerId === ownerId).map((c) => c.id)).toEqual([created[3]?.id, created[1]?.id]);
  });

  it('re-indexes a contact when its owner or stage changes', async () => {
    const [from, to] = [anOwnerId(), anOwnerId()];
    const contact = await createContact(deps, aContactRequest({ ownerId: from }), anAdmin());
    await updateContact(deps, contact.id, patch({ ownerId: to, lifecycleStage: 'customer' }), anAdmin());
    expect((await listContacts(deps, ListContactsQuery.parse({ ownerId: from }))).items).toHaveLength(0);
    expect((await listContacts(deps, ListContactsQuery.parse({ ownerId: to }))).items.map((c) => c.id)).toEqual([
      contact.id,
    ]);
    const customers = await listContacts(deps, ListContactsQuery.parse({ lifecycleStage: 'customer', limit: '100' }));
    expect(customers.items.map((c) => c.id)).toContain(contact.id);
  });
});
