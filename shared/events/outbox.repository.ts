import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { outboxKeys } from '../db/keys.ts';
import { queryPartition } from '../db/query-partition.ts';
import type { DomainEvent } from './catalog.ts';
import { eventFromOutboxItem, outboxItem } from './outbox.ts';
import type { TransactItem } from '../db/transactions.ts';

/** Outbox items not yet relayed, oldest first, and marking them relayed. */
export class OutboxRepository {
  constructor(private readonly table: TableRef) {}

  async listPending(limit: number): Promise<DomainEvent[]> {
    const { items } = await queryPartition(this.table, outboxKeys.pending(), { limit, newestFirst: false });
    return items.map(eventFromOutboxItem);
  }

  /** The event with this id, pending or relayed (relayed ones are kept until their TTL). */
  async get(eventId: string): Promise<DomainEvent | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: outboxKeys.item(eventId), ConsistentRead: true }),
    );
    return Item ? eventFromOutboxItem(Item) : undefined;
  }

  /** The transaction item that queues `event` for publishing, written with the change it describes. */
  eventItem(event: DomainEvent): TransactItem {
    return { Put: { TableName: this.table.tableName, Item: outboxItem(event) } };
  }

  /** Takes the item out of the pending index; it stays (with its TTL) for audit. */
  async markRelayed(eventId: string, relayedAt: string): Promise<void> {
    await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: outboxKeys.item(eventId),
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk SET relayedAt = :relayedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':relayedAt': relayedAt },
      }),
    );
  }
}
