import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './document-client.ts';
import type { ItemKey } from './keys.ts';

/** BatchWriteItem's limit. */
const batchSize = 25;

/**
 * Puts and deletes, 25 per BatchWriteItem, asking again (after a jittered pause) for what DynamoDB
 * leaves unprocessed. Not a transaction: for rebuilds that replace derived items wholesale.
 */
export async function batchWriteAll(
  table: TableRef,
  requests: readonly ({ PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: ItemKey } })[],
): Promise<void> {
  for (let index = 0; index < requests.length; index += batchSize) {
    let pending: Record<string, unknown>[] | undefined = requests.slice(index, index + batchSize);
    while (pending?.length) {
      const { UnprocessedItems } = await table.db.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: pending as never } }),
      );
      pending = UnprocessedItems?.[table.tableName] as Record<string, unknown>[] | undefined;
      if (pending?.length) await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
  }
}
