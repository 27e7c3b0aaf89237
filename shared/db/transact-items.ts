import type { DomainEvent } from '../events/catalog.ts';
import { outboxPut } from '../events/outbox.ts';
import type { TableRef } from './document-client.ts';
import type { ItemKey } from './keys.ts';
import type { TransactItem } from './transactions.ts';

/**
 * Builders for the transaction items every repository writes, so optimistic versioning and
 * uniqueness markers are spelled once.
 */
export const transactItems = (table: TableRef) => ({
  /** Put an item that must not exist yet. */
  create: (item: Record<string, unknown>): TransactItem => ({
    Put: { TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  }),
  /** Put an item whose stored version must still be `expectedVersion`. */
  replaceVersioned: (item: Record<string, unknown>, expectedVersion: number): TransactItem => ({
    Put: {
      TableName: table.tableName,
      Item: item,
      ConditionExpression: '#version = :expectedVersion',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
    },
  }),
  deleteVersioned: (key: ItemKey, expectedVersion: number): TransactItem => ({
    Delete: {
      TableName: table.tableName,
      Key: key,
      ConditionExpression: '#version = :expectedVersion',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
    },
  }),
  /** Queue `event` in the outbox, only if its id is new (see outboxPut). */
  event: (event: DomainEvent): TransactItem => outboxPut(table.tableName, event),
  /** Put with no condition (derived lookup items; never an outbox item: use `event`). */
  put: (item: Record<string, unknown>): TransactItem => ({ Put: { TableName: table.tableName, Item: item } }),
  delete: (key: ItemKey): TransactItem => ({ Delete: { TableName: table.tableName, Key: key } }),
  /** Claim a unique value for `ownerId`: fails if anyone holds it. */
  claimUnique: (key: ItemKey, entity: string, holder: Record<string, string>): TransactItem => ({
    Put: {
      TableName: table.tableName,
      Item: { ...key, entity, ...holder },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }),
  /** Release a unique value, only if `holderAttribute` still names `holderId`. */
  releaseUnique: (key: ItemKey, holderAttribute: string, holderId: string): TransactItem => ({
    Delete: {
      TableName: table.tableName,
      Key: key,
      ConditionExpression: '#holder = :holder',
      ExpressionAttributeNames: { '#holder': holderAttribute },
      ExpressionAttributeValues: { ':holder': holderId },
    },
  }),
});
