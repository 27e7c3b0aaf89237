import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { contactKeys, type IndexPartition } from '../db/keys.ts';
import { decodeCursor, encodeCursor, type Page } from '../db/pagination.ts';
import { queryPartition } from '../db/query-partition.ts';
import { writeTransaction, type TransactItem } from '../db/transactions.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { outboxItem } from '../events/outbox.ts';
import { Contact } from './contact.schema.ts';

function toItem(contact: Contact): Record<string, unknown> {
  return { ...contactKeys.item(contact.id), ...contactKeys.indexAttributes(contact), entity: 'Contact', ...contact };
}

/** Parsing drops the storage attributes and gives every contact the schema's field order. */
function fromItem(item: Record<string, unknown>): Contact {
  return Contact.parse(item);
}

/**
 * Contacts in the single table. Every write is one transaction that also keeps the email
 * uniqueness marker and writes the outbox event, so nothing is ever half-written.
 * Condition failures surface as TransactionConditionFailed with the failing items flagged, in the
 * order documented on each method.
 */
export class ContactRepository {
  constructor(private readonly table: TableRef) {}

  async get(contactId: string): Promise<Contact | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: contactKeys.item(contactId), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** Id of the contact holding `emailNormalised`, if any. */
  async findIdByEmail(emailNormalised: string): Promise<string | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: contactKeys.emailMarker(emailNormalised), ConsistentRead: true }),
    );
    return Item?.contactId as string | undefined;
  }

  /** Items: [contact, email marker, outbox]. The marker's condition fails when the email is taken. */
  async create(contact: Contact, event: DomainEvent): Promise<void> {
    await writeTransaction(this.table, [
      this.put(toItem(contact), 'attribute_not_exists(pk)'),
      this.put(this.emailMarker(contact), 'attribute_not_exists(pk)'),
      this.put(outboxItem(event)),
    ]);
  }

  /**
   * Items: [contact (version check), new email marker?, old email marker?, outbox].
   * When the email changes, the old marker is released and the new one claimed in the same transaction.
   */
  async update(before: Contact, after: Contact, event: DomainEvent): Promise<void> {
    const items: TransactItem[] = [this.put(toItem(after), '#version = :expectedVersion', before.version)];
    if (before.emailNormalised !== after.emailNormalised) {
      items.push(this.put(this.emailMarker(after), 'attribute_not_exists(pk)'));
      items.push(this.deleteEmailMarker(before));
    }
    items.push(this.put(outboxItem(event)));
    await writeTransaction(this.table, items);
  }

  /** Items: [contact (version check), email marker, outbox]. */
  async delete(contact: Contact, event: DomainEvent): Promise<void> {
    await writeTransaction(this.table, [
      {
        Delete: {
          TableName: this.table.tableName,
          Key: contactKeys.item(contact.id),
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expectedVersion': contact.version },
        },
      },
      this.deleteEmailMarker(contact),
      this.put(outboxItem(event)),
    ]);
  }

  listByOwner(ownerId: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.listNewestFirst(contactKeys.byOwner(ownerId), limit, cursor);
  }

  listByLifecycleStage(stage: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.listNewestFirst(contactKeys.byLifecycleStage(stage), limit, cursor);
  }

  listAll(limit: number, cursor?: string): Promise<Page<Contact>> {
    return this.listNewestFirst(contactKeys.all(), limit, cursor);
  }

  private async listNewestFirst(partition: IndexPartition, limit: number, cursor?: string): Promise<Page<Contact>> {
    const startKey = decodeCursor(cursor, partition);
    const { items, lastKey } = await queryPartition(this.table, partition, { limit, newestFirst: true, ...(startKey ? { startKey } : {}) });
    const nextCursor = encodeCursor(lastKey);
    return { items: items.map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
  }

  private emailMarker(contact: Contact): Record<string, unknown> {
    return { ...contactKeys.emailMarker(contact.emailNormalised), entity: 'ContactEmail', contactId: contact.id };
  }

  private deleteEmailMarker(contact: Contact): TransactItem {
    return {
      Delete: {
        TableName: this.table.tableName,
        Key: contactKeys.emailMarker(contact.emailNormalised),
        ConditionExpression: 'contactId = :contactId',
        ExpressionAttributeValues: { ':contactId': contact.id },
      },
    };
  }

  private put(item: Record<string, unknown>, condition?: string, expectedVersion?: number): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: item,
        ...(condition ? { ConditionExpression: condition } : {}),
        ...(expectedVersion !== undefined
          ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expectedVersion': expectedVersion } }
          : {}),
      },
    };
  }
}
