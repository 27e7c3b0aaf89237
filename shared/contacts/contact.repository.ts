import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { queryAll } from '../db/query-all.ts';
import { EntityStore } from '../db/entity-store.ts';
import { contactKeys, ownerKeys, pageKeyNames, type IndexPartition, type ItemKey } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { queryPartition } from '../db/query-partition.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { Contact } from './contact.schema.ts';
import { maxNameEntriesPerContact, nameSearchEntries } from './contact-search.rules.ts';
import { openLeadDeltas } from './open-leads.rules.ts';

/**
 * Contacts in the single table. Every write is one transaction that also keeps the email
 * uniqueness marker, the owner's open-lead counter and the quick find's name entries, and writes the
 * outbox event, so nothing is ever half-written.
 * Condition failures surface as TransactionConditionFailed with the failing items flagged, in the
 * order documented on each method.
 */
export class ContactRepository {
  private readonly store: EntityStore<Contact>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Contact',
      schema: Contact,
      key: contactKeys.item,
      indexAttributes: contactKeys.indexAttributes,
    });
  }

  /** Writes transaction items built by this and other repositories, all or nothing. */
  write(items: TransactItem[]): Promise<void> {
    return this.store.write(items);
  }

  get(contactId: string): Promise<Contact | undefined> {
    return this.store.get(contactId);
  }

  /** Id of the contact holding `emailNormalised`, if any. */
  findIdByEmail(emailNormalised: string): Promise<string | undefined> {
    return this.store.readAttribute(contactKeys.emailMarker(emailNormalised), 'contactId');
  }

  /** The contact holding `emailNormalised`, if any. */
  async findByEmail(emailNormalised: string): Promise<Contact | undefined> {
    const contactId = await this.findIdByEmail(emailNormalised);
    return contactId ? this.get(contactId) : undefined;
  }

  /**
   * Up to `limit` contacts with a name entry starting with `query` (normalised with searchText, at least 2
   * characters), in the index's order: the shortest matching name first, then alphabetically. The entries
   * are read consistently (a rename is found at once); at most `maxNameEntriesPerContact` × `limit` of them,
   * which always holds `limit` distinct contacts when there are that many.
   */
  async findByNameStart(query: string, limit: number): Promise<Contact[]> {
    const { pk, skPrefix } = contactKeys.nameEntriesStartingWith(query);
    const ids = new Set<string>();
    const budget = limit * maxNameEntriesPerContact;
    let [read, startKey] = [0, undefined as Record<string, unknown> | undefined];
    do {
      const page = await this.store.table.db.send(
        new QueryCommand({
          TableName: this.store.table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          Limit: Math.min(budget - read, limit * 2),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (ids.size < limit) ids.add(contactKeys.contactIdOfNameEntry(String(item.sk)));
      }
      read += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && ids.size < limit && read < budget);
    // An entry is written with its contact, so each one finds it; the check keeps out any entry an older
    // version of the matching rules wrote, should they change.
    return (await this.store.getMany([...ids])).filter((contact) =>
      nameSearchEntries(contact).some((entry) => entry.startsWith(query)),
    );
  }

  /** Items: [contact, email marker, open-lead counters..., name entries..., outbox]. The marker's condition fails when the email is taken. */
  async create(contact: Contact, event: DomainEvent): Promise<void> {
    await this.store.write(this.createItems(contact, [event]));
  }

  /**
   * Items: [contact (version check), new email marker?, old email marker?, open-lead counters..., name entries..., outbox].
   * When the email changes, the old marker is released and the new one claimed in the same transaction.
   */
  async update(before: Contact, after: Contact, event: DomainEvent): Promise<void> {
    await this.store.write(this.updateItems(before, after, [event]));
  }

  /** The transaction items of creating `contact`, for callers that write more in the same transaction. */
  createItems(contact: Contact, events: DomainEvent[]): TransactItem[] {
    const { items } = this.store;
    return [
      items.create(this.store.toItem(contact)),
      this.claimEmail(contact),
      ...this.openLeadCounterItems(undefined, contact),
      ...this.nameEntryItems(undefined, contact),
      ...events.map((event) => items.event(event)),
    ];
  }

  /** The transaction items of replacing `before` with `after` (version-checked). */
  updateItems(before: Contact, after: Contact, events: DomainEvent[]): TransactItem[] {
    const { items } = this.store;
    const writes: TransactItem[] = [items.replaceVersioned(this.store.toItem(after), before.version)];
    if (before.emailNormalised !== after.emailNormalised)
      writes.push(this.claimEmail(after), this.releaseEmail(before));
    writes.push(...this.openLeadCounterItems(before, after), ...this.nameEntryItems(before, after));
    return [...writes, ...events.map((event) => items.event(event))];
  }

  /** The outbox item of an event about a contact that changes nothing else (Lead Queued, enrollment requests). */
  outboxItem(event: DomainEvent): TransactItem {
    return this.store.items.event(event);
  }

  /** Items: [contact (version check), email marker, open-lead counters..., name entries..., outbox]. */
  async delete(contact: Contact, event: DomainEvent): Promise<void> {
    const { items } = this.store;
    await this.store.write([
      items.deleteVersioned(contactKeys.item(contact.id), contact.version),
      this.releaseEmail(contact),
      ...this.openLeadCounterItems(contact, undefined),
      ...this.nameEntryItems(contact, undefined),
      items.event(event),
    ]);
  }

  listByOwner(ownerId: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.store.page(contactKeys.byOwner(ownerId), { limit, cursor, newestFirst: true });
  }

  /**
   * How many of the owner's contacts are open leads (lead, MQL or SQL), for capacity routing: the sum of the
   * owner's counter shards, kept in the same transaction as every contact write. One query, however big the book.
   */
  async countOpenLeads(ownerId: string): Promise<number> {
    return Math.max(
      0,
      [...(await this.openLeadShardCounts(ownerId)).values()].reduce((sum, n) => sum + n, 0),
    );
  }

  /** Sets an owner's counter to a recounted value (the rebuild's repair): the whole count in shard 0. */
  async replaceOpenLeadCount(ownerId: string, openLeads: number): Promise<void> {
    const shards = await this.openLeadShardCounts(ownerId);
    const writes: TransactItem[] = [
      this.store.items.put({ ...ownerKeys.openLeadShard(ownerId, 0), entity: 'OpenLeadCounter', openLeads }),
      ...[...shards.keys()]
        .filter((shard) => shard !== 0)
        .map((shard) => ({
          Delete: { TableName: this.store.table.tableName, Key: ownerKeys.openLeadShard(ownerId, shard) },
        })),
    ];
    await this.store.write(writes);
  }

  private async openLeadShardCounts(ownerId: string): Promise<Map<number, number>> {
    const Items = await queryAll(this.store.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': ownerKeys.item(ownerId).pk, ':prefix': ownerKeys.openLeadShardPrefix },
      ConsistentRead: true,
    });
    return new Map(
      Items.map((item) => [
        Number(String(item.sk).slice(ownerKeys.openLeadShardPrefix.length)),
        Number(item.openLeads ?? 0),
      ]),
    );
  }

  private openLeadCounterItems(before: Contact | undefined, after: Contact | undefined): TransactItem[] {
    return openLeadDeltas(before, after).map(({ ownerId, shard, delta }) => ({
      Update: {
        TableName: this.store.table.tableName,
        Key: ownerKeys.openLeadShard(ownerId, shard),
        UpdateExpression: 'SET #entity = :entity ADD openLeads :delta',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':entity': 'OpenLeadCounter', ':delta': delta },
      },
    }));
  }

  listUnowned(limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.store.page(contactKeys.unowned(), { limit, cursor, newestFirst: true });
  }

  listByLifecycleStage(stage: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.store.page(contactKeys.byLifecycleStage(stage), { limit, cursor, newestFirst: true });
  }

  listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.store.page(contactKeys.byCompany(companyId), { limit, cursor, newestFirst: true });
  }

  listAll(limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.store.page(contactKeys.all(), { limit, cursor, newestFirst: true });
  }

  /**
   * One page of contacts from an index partition (newest first), each with the key to resume
   * right after it: segment evaluation filters these and may stop mid-page.
   */
  async readPartition(
    partition: IndexPartition,
    page: { limit: number; startKey?: Record<string, unknown>; sortKeyBetween?: [string, string] },
  ): Promise<{
    entries: { contact: Contact; resumeKey: Record<string, unknown> }[];
    lastKey?: Record<string, unknown>;
  }> {
    const { items, lastKey } = await queryPartition(this.store.table, partition, { ...page, newestFirst: true });
    const keyNames = pageKeyNames(partition);
    return {
      entries: items.flatMap((item) => {
        const contact = this.store.fromItemOrSkip(item);
        return contact ? [{ contact, resumeKey: Object.fromEntries(keyNames.map((name) => [name, item[name]])) }] : [];
      }),
      ...(lastKey ? { lastKey } : {}),
    };
  }

  /**
   * The rebuild's check of the quick find: how many name entries these contacts lack (contacts written
   * before the quick find existed). With `apply`, each contact's missing entries are written in one
   * transaction with a check that the contact is still the version read; one changed meanwhile is left for
   * the next run (`skipped`). Reads the entries by key, never a name partition.
   */
  async repairNameEntries(contacts: readonly Contact[], apply: boolean): Promise<{ missing: number; skipped: number }> {
    let [missing, skipped] = [0, 0];
    for (let start = 0; start < contacts.length; start += 10) {
      const batch = contacts.slice(start, start + 10);
      // At most 8 entries per contact: ten contacts' keys fit one BatchGetItem.
      const expected = batch.flatMap((contact) =>
        nameSearchEntries(contact).map((entry) => ({ contact, item: this.nameEntryItem(entry, contact.id) })),
      );
      const present = new Set(
        (await this.store.existingKeys(expected.map(({ item }) => item))).map(({ pk, sk }) => `${pk}\u0000${sk}`),
      );
      const absent = expected.filter(({ item }) => !present.has(`${item.pk}\u0000${item.sk}`));
      missing += absent.length;
      if (!apply) continue;
      for (const contact of batch) {
        const puts = absent.filter((entry) => entry.contact === contact).map(({ item }) => this.store.items.put(item));
        if (puts.length === 0) continue;
        try {
          await this.store.write([this.unchangedSince(contact), ...puts]);
        } catch (error) {
          if (!(error instanceof TransactionConditionFailed)) throw error;
          skipped += 1;
        }
      }
    }
    return { missing, skipped };
  }

  private unchangedSince(contact: Contact): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.store.table.tableName,
        Key: contactKeys.item(contact.id),
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': contact.version },
      },
    };
  }

  /** The name entries a write adds and removes: only those that change, so a write that keeps the name writes none. */
  private nameEntryItems(before: Contact | undefined, after: Contact | undefined): TransactItem[] {
    const { items } = this.store;
    const old = new Set(before ? nameSearchEntries(before) : []);
    const next = new Set(after ? nameSearchEntries(after) : []);
    return [
      ...(before
        ? [...old]
            .filter((entry) => !next.has(entry))
            .map((entry) => items.delete(contactKeys.nameEntry(entry, before.id)))
        : []),
      ...(after
        ? [...next].filter((entry) => !old.has(entry)).map((entry) => items.put(this.nameEntryItem(entry, after.id)))
        : []),
    ];
  }

  private nameEntryItem(entry: string, contactId: string): ItemKey & Record<string, unknown> {
    return { ...contactKeys.nameEntry(entry, contactId), entity: 'ContactNameEntry', contactId };
  }

  private claimEmail(contact: Contact): TransactItem {
    return this.store.items.claimUnique(contactKeys.emailMarker(contact.emailNormalised), 'ContactEmail', {
      contactId: contact.id,
    });
  }

  private releaseEmail(contact: Contact): TransactItem {
    return this.store.items.releaseUnique(contactKeys.emailMarker(contact.emailNormalised), 'contactId', contact.id);
  }
}
