import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { outboxKeys } from '../db/keys.ts';
import { queryPartition } from '../db/query-partition.ts';
import type { DomainEvent } from './catalog.ts';
import { eventFromOutboxItem, outboxPut } from './outbox.ts';
import type { TransactItem } from '../db/transactions.ts';

/** Outbox items not yet relayed, oldest first, and marking them relayed. */
export class OutboxRepository {
  constructor(private readonly table: TableRef) {}

  async listPending(limit: number): Promise<DomainEvent[]> {
    const { items } = await queryPartition(this.table, outboxKeys.pending(), { limit, newestFirst: false });
    return items.map(eventFromOutboxItem);
  }

  /**
   * One page of the pending items that occurred before `cutoff` (ISO time; all when undefined), oldest first, as stored
   * (the caller reads each, so one that no longer validates does not hide the others). A query of
   * the sparse pending index, never a Scan.
   */
  async pendingBefore(
    cutoff: string | undefined,
    page: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ items: Record<string, unknown>[]; lastKey?: Record<string, unknown> }> {
    return queryPartition(this.table, outboxKeys.pending(), {
      limit: page.limit,
      newestFirst: false,
      ...(cutoff ? { sortKeyBetween: ['0', cutoff] as [string, string] } : {}),
      ...(page.startKey ? { startKey: page.startKey } : {}),
    });
  }

  /** When the oldest event still pending occurred (undefined when none is). */
  async oldestPendingAt(): Promise<string | undefined> {
    const { items } = await queryPartition(this.table, outboxKeys.pending(), { limit: 1, newestFirst: false });
    const sortKey = items[0]?.[outboxKeys.pendingSortKeyName];
    return typeof sortKey === 'string' ? outboxKeys.occurredAtOfPending(sortKey) : undefined;
  }

  /** The event with this id, pending or relayed (relayed ones are kept until their TTL). */
  async get(eventId: string): Promise<DomainEvent | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: outboxKeys.item(eventId), ConsistentRead: true }),
    );
    return Item ? eventFromOutboxItem(Item) : undefined;
  }

  /** The transaction item that queues `event` for publishing, written with the change it describes (only if its id is new). */
  eventItem(event: DomainEvent): TransactItem {
    return outboxPut(this.table.tableName, event);
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
