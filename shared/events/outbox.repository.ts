import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { outboxKeys } from '../db/keys.ts';
import type { DomainEvent } from './catalog.ts';
import { eventFromOutboxItem } from './outbox.ts';

/** Outbox items not yet relayed, oldest first, and marking them relayed. */
export class OutboxRepository {
  constructor(private readonly table: TableRef) {}

  async listPending(limit: number): Promise<DomainEvent[]> {
    const pending = outboxKeys.pending();
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: pending.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pending.partitionKeyName },
        ExpressionAttributeValues: { ':pk': pending.partitionKey },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items.map(eventFromOutboxItem);
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
