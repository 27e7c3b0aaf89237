import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { contactKeys, type ItemKey } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';

/** BatchWriteItem's limit. */
const batchSize = 25;
const unprocessedRetries = 8;

/**
 * The raw items of a contact's partition (the contact, its consent records, engagements, marketing
 * sends and lead failures), read with one query so an export or erasure also covers kinds added
 * later; and deletion by key in batches, for erasure.
 */
export class ContactFootprintRepository {
  constructor(private readonly table: TableRef) {}

  /** Every item of the contact's partition, with its keys and `entity`. */
  partitionItems(contactId: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': contactKeys.item(contactId).pk },
      ConsistentRead: true,
    });
  }

  /** Deletes every item at `keys` (absent ones are no-ops); retries what DynamoDB leaves unprocessed. */
  async deleteAll(keys: readonly ItemKey[]): Promise<void> {
    const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
    for (let start = 0; start < unique.length; start += batchSize) {
      let requests = unique
        .slice(start, start + batchSize)
        .map((key) => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > unprocessedRetries)
          throw new Error(`${requests.length} deletes left unprocessed after ${unprocessedRetries} retries`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const { UnprocessedItems } = await this.table.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.table.tableName] ?? []) as typeof requests;
      }
    }
  }
}
