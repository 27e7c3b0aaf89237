import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './document-client.ts';
import type { IndexName } from './table-design.ts';

/** The items of one partition whose sort keys start with `prefix` ('' for the whole partition). */
export interface SortKeyRange {
  indexName?: IndexName;
  partitionKeyName: string;
  partitionKey: string;
  sortKeyName: string;
  prefix: string;
}

export interface NewestFirstFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * One query of a range, newest (highest sort key) first, strictly below `before` when given: up to
 * `limit` items and, when more may remain, the sort key to continue below. Reading below a sort key
 * (not from an ExclusiveStartKey) lets a cursor keep just that key. Never a Scan.
 */
export async function queryNewestFirst(
  table: TableRef,
  range: SortKeyRange,
  page: { limit: number; before?: string; filter?: NewestFirstFilter },
): Promise<{ items: Record<string, unknown>[]; continueBelow?: string }> {
  const { before, filter } = page;
  // BETWEEN is inclusive: the item at `before` itself (already listed) is read again, and dropped.
  const condition =
    before === undefined
      ? range.prefix
        ? '#pk = :pk AND begins_with(#sk, :prefix)'
        : '#pk = :pk'
      : range.prefix
        ? '#pk = :pk AND #sk BETWEEN :prefix AND :before'
        : '#pk = :pk AND #sk < :before';
  const { Items = [], LastEvaluatedKey } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      ...(range.indexName ? { IndexName: range.indexName } : {}),
      KeyConditionExpression: condition,
      ...(filter ? { FilterExpression: filter.expression } : {}),
      ExpressionAttributeNames: {
        '#pk': range.partitionKeyName,
        ...(before !== undefined || range.prefix ? { '#sk': range.sortKeyName } : {}),
        ...filter?.names,
      },
      ExpressionAttributeValues: {
        ':pk': range.partitionKey,
        ...(range.prefix ? { ':prefix': range.prefix } : {}),
        ...(before !== undefined ? { ':before': before } : {}),
        ...filter?.values,
      },
      ScanIndexForward: false,
      // One more than asked tells whether more remain (no empty last page); BETWEEN's `before` itself is one more again.
      Limit: page.limit + (before !== undefined && range.prefix ? 2 : 1),
    }),
  );
  const sortKeyOf = (item: Record<string, unknown>) => String(item[range.sortKeyName]);
  const below = Items.filter((item) => sortKeyOf(item) !== before);
  const items = below.slice(0, page.limit);
  const last = items.at(-1);
  if (below.length > items.length && last) return { items, continueBelow: sortKeyOf(last) };
  const lastRead = LastEvaluatedKey?.[range.sortKeyName];
  return { items, ...(typeof lastRead === 'string' ? { continueBelow: lastRead } : {}) };
}
