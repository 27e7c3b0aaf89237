import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './document-client.ts';
import type { IndexPartition } from './keys.ts';

/** One page of an index partition, in sort-key order (`newestFirst` reverses it). Never a Scan. */
export async function queryPartition(
  table: TableRef,
  partition: IndexPartition,
  page: { limit: number; newestFirst: boolean; startKey?: Record<string, unknown>; sortKeyBetween?: [string, string] },
): Promise<{ items: Record<string, unknown>[]; lastKey?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: partition.indexName,
      KeyConditionExpression: page.sortKeyBetween ? '#pk = :pk AND #sk BETWEEN :from AND :to' : '#pk = :pk',
      ExpressionAttributeNames: {
        '#pk': partition.partitionKeyName,
        ...(page.sortKeyBetween ? { '#sk': partition.partitionKeyName.replace(/pk$/, 'sk') } : {}),
      },
      ExpressionAttributeValues: {
        ':pk': partition.partitionKey,
        ...(page.sortKeyBetween ? { ':from': page.sortKeyBetween[0], ':to': page.sortKeyBetween[1] } : {}),
      },
      ScanIndexForward: !page.newestFirst,
      Limit: page.limit,
      ExclusiveStartKey: page.startKey,
    }),
  );
  return { items: Items, ...(LastEvaluatedKey ? { lastKey: LastEvaluatedKey } : {}) };
}
