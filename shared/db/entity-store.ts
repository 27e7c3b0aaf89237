import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import type { TableRef } from './document-client.ts';
import type { IndexPartition, ItemKey } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryPartition } from './query-partition.ts';
import { transactItems } from './transact-items.ts';
import { writeTransaction, type TransactItem } from './transactions.ts';
import { describeIssues, reportUnreadableItem, UnreadableStoredItem, type UnreadableItem } from './unreadable-items.ts';

const batchGetRetries = 8;

export interface EntityMapping<T> {
  /** The `entity` attribute stored on each item. */
  entity: string;
  /**
   * The read schema: parses a stored item back into the entity (dropping key attributes, fixing field
   * order). It accepts what every earlier version wrote, upgrading it: a field added later gets a
   * default here (`.default(...)`), so an old item reads as the current shape.
   */
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

  /** The entity an item holds; UnreadableStoredItem (a 500, logged with the key) when no read schema accepts it. */
  fromItem = (item: Record<string, unknown>): T => {
    const read = this.read(item);
    if ('unreadable' in read) throw new UnreadableStoredItem(read.unreadable);
    return read.entity;
  };

  /**
   * The entities of a listing's items. One that no read schema accepts is reported (key and failing
   * fields only) and skipped, so a single bad item cannot fail a whole page.
   */
  fromItems = (items: Record<string, unknown>[]): T[] =>
    items.flatMap((item) => {
      const read = this.read(item);
      if ('entity' in read) return [read.entity];
      reportUnreadableItem(read.unreadable);
      return [];
    });

  /** Like fromItem, but undefined (and reported) for an unreadable item, for callers that walk a partition. */
  fromItemOrSkip = (item: Record<string, unknown>): T | undefined => this.fromItems([item])[0];

  private read(item: Record<string, unknown>): { entity: T } | { unreadable: UnreadableItem } {
    const parsed = this.mapping.schema.safeParse(item);
    if (parsed.success) return { entity: parsed.data };
    return {
      unreadable: {
        entity: this.mapping.entity,
        key: { pk: String(item.pk), sk: String(item.sk) },
        issues: describeIssues(parsed.error),
      },
    };
  }

  async get(id: string): Promise<T | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: this.mapping.key(id), ConsistentRead: true }),
    );
    return Item ? this.fromItem(Item) : undefined;
  }

  /** The entities with these ids (at most 100), consistently read, in the order of `ids`, each once; absent ones are left out. */
  async getMany(ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    const found = new Map(
      this.fromItems(await this.batchGet(unique.map((id) => this.mapping.key(id)))).map((entity) => [
        entity.id,
        entity,
      ]),
    );
    return unique.flatMap((id) => {
      const entity = found.get(id);
      return entity ? [entity] : [];
    });
  }

  /** Which of these keys (at most 100, distinct) hold an item, read consistently: for checks of derived items. */
  async existingKeys(keys: readonly ItemKey[]): Promise<ItemKey[]> {
    const items = await this.batchGet(keys, 'pk, sk');
    return items.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
  }

  /** BatchGetItem, asking again for the keys DynamoDB leaves unprocessed. */
  private async batchGet(keys: readonly ItemKey[], projection?: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = keys.map(({ pk, sk }) => ({ pk, sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > batchGetRetries)
        throw new Error(`${pending.length} reads left unprocessed after ${batchGetRetries} retries`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const { Responses, UnprocessedKeys } = await this.table.db.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ...(projection ? { ProjectionExpression: projection } : {}),
            },
          },
        }),
      );
      items.push(...(Responses?.[this.table.tableName] ?? []));
      pending = UnprocessedKeys?.[this.table.tableName]?.Keys ?? [];
    }
    return items;
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
    return { items: this.fromItems(items), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** All-or-nothing. A transaction whose event exists is a retried step that is already done: nothing is written, no error (writeTransaction). */
  async write(items: TransactItem[]): Promise<void> {
    await writeTransaction(this.table, items);
  }
}
