import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from '../db/batch-write.ts';
import { counterAddItem, counterAttributes, countersOf } from '../db/counter-items.ts';
import type { TableRef } from '../db/document-client.ts';
import { kpiKeys } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import { transactItems } from '../db/transact-items.ts';
import { writeTransaction, type TransactItem } from '../db/transactions.ts';
import { dayOf, type Counts } from './kpi-counters.ts';
import type { DayCounts } from './kpi.rules.ts';

type MarkKind = Parameters<typeof kpiKeys.mark>[0];

// Event markers only guard against redelivery, which happens within hours, not months.
const eventMarkSeconds = 35 * 24 * 3600;

/** Daily KPI aggregates (one item per day, counters as attributes) and the markers that make counting exactly-once. */
export class KpiRepository {
  constructor(private readonly table: TableRef) {}

  /** ADDs the counts to the day of `at`, in the caller's transaction; nothing when there is nothing to add. */
  counterItems(at: string, counts: Counts): TransactItem[] {
    return counterAddItem(this.table, { key: kpiKeys.day(dayOf(at)), entity: 'KpiDay', counts });
  }

  /** A marker that must not exist yet (fails the transaction if it does); `facts` are kept on it for later counts. */
  markItem(kind: MarkKind, id: string, at: string, facts: Record<string, string | boolean> = {}): TransactItem {
    const expiresAt = kind === 'event' ? { expiresAt: Math.floor(Date.parse(at) / 1000) + eventMarkSeconds } : {};
    return transactItems(this.table).create({
      ...facts,
      ...kpiKeys.mark(kind, id),
      entity: 'KpiMark',
      at,
      ...expiresAt,
    });
  }

  /** Fails the transaction unless the marker is (`present`) or is not there, as it was when read. */
  markCheckItem(kind: MarkKind, id: string, present: boolean): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.table.tableName,
        Key: kpiKeys.mark(kind, id),
        ConditionExpression: present ? 'attribute_exists(pk)' : 'attribute_not_exists(pk)',
      },
    };
  }

  /** A marker with the facts stored on it, if it is there. */
  async readMark(kind: MarkKind, id: string): Promise<(Record<string, unknown> & { at: string }) | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: kpiKeys.mark(kind, id), ConsistentRead: true }),
    );
    return Item ? (Item as Record<string, unknown> & { at: string }) : undefined;
  }

  async isMarked(kind: MarkKind, id: string): Promise<boolean> {
    const { Item } = await this.table.db.send(
      new GetCommand({ TableName: this.table.tableName, Key: kpiKeys.mark(kind, id), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async write(items: TransactItem[]): Promise<void> {
    await writeTransaction(this.table, items);
  }

  /** The aggregates of every day up to `to`, oldest first: one query over a partition of one item per day. */
  async daysUpTo(to: string): Promise<DayCounts[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk <= :to',
      ExpressionAttributeValues: { ':pk': kpiKeys.partition, ':to': kpiKeys.daySortKey(to) },
      ConsistentRead: true,
    });
    return items.map((item) => ({ day: String(item.sk).slice('DAY#'.length), counts: countersOf(item) }));
  }

  /** Replaces every day's aggregate (the rebuild): days that no longer have counts are deleted. */
  async replaceAll(days: readonly DayCounts[]): Promise<void> {
    const current = await this.daysUpTo('9999-12-31');
    const keep = new Set(days.map(({ day }) => day));
    const requests = [
      ...days.map(({ day, counts }) => ({
        PutRequest: {
          Item: {
            ...kpiKeys.day(day),
            entity: 'KpiDay',
            ...counterAttributes(Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0))),
          },
        },
      })),
      ...current.filter(({ day }) => !keep.has(day)).map(({ day }) => ({ DeleteRequest: { Key: kpiKeys.day(day) } })),
    ];
    await batchWriteAll(this.table, requests);
  }
}
