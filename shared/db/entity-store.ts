import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { TableRef } from './document-client.ts';
import type { IndexPartition, ItemKey } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryPartition } from './query-partition.ts';
import { transactItems } from './transact-items.ts';
import { writeTransaction, type TransactItem } from './transactions.ts';

export interface EntityMapping<T> {
  /** The `entity` attribute stored on each item. */
  entity: string;
  /** Parses a stored item back into the entity (dropping key attributes, fixing field order). */
  schema: z.ZodType<T>;
  key: (id: string) => ItemKey;
  /** Index key attributes derived from the entity's fields; undefined ones are not written (sparse indexes). */
  indexAttributes: (entity: T) => Record<string, string | undefined>;
}

/**
 * The storage mechanics every repository shares: item ↔ entity mapping, consistent gets,
 * cursor-paged index queries and all-or-nothing writes. Repositories add the access patterns.
 */
export class EntityStore<T extends { id: string }> {
  readonly items;

  constructor(
    readonly table: TableRef,
    private readonly mapping: EntityMapping<T>,
  ) {
    this.items = transactItems(table);
  }

  toItem(entity: T): Record<string, unknown> {
    return {
      ...this.mapping.key(entity.id),
      ...this.mapping.indexAttributes(entity),
      entity: this.mapping.entity,
      ...entity,
    };
  }

  fromItem = (item: Record<string, unknown>): T => this.mapping.schema.parse(item);

  async get(id: string): Promise<T | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: this.mapping.key(id), ConsistentRead: true }),
    );
    return Item ? this.fromItem(Item) : undefined;
  }

  /** Reads one attribute of any item by key (uniqueness markers, lookups). */
  async readAttribute(key: ItemKey, attribute: string): Promise<string | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: key, ConsistentRead: true }),
    );
    return Item?.[attribute] as string | undefined;
  }

  async page(
    partition: IndexPartition,
    options: { limit: number; cursor?: string; newestFirst: boolean; sortKeyBetween?: [string, string] },
  ): Promise<Page<T>> {
    const startKey = decodeCursor(options.cursor, partition);
    const { items, lastKey } = await queryPartition(this.table, partition, {
      limit: options.limit,
      newestFirst: options.newestFirst,
      ...(startKey ? { startKey } : {}),
      ...(options.sortKeyBetween ? { sortKeyBetween: options.sortKeyBetween } : {}),
    });
    const nextCursor = encodeCursor(lastKey);
    return { items: items.map(this.fromItem), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** All-or-nothing. A transaction whose event exists is a retried step that is already done: nothing is written, no error (writeTransaction). */
  async write(items: TransactItem[]): Promise<void> {
    await writeTransaction(this.table, items);
  }
}
