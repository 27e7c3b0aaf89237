import { stableShardOf } from '../common/stable-shard.ts';
import { batchWriteAll } from '../db/batch-write.ts';
import { counterAddItem, counterAttributes, countersOf } from '../db/counter-items.ts';
import type { TableRef } from '../db/document-client.ts';
import { campaignCounterKeys, type ItemKey } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import type { TransactItem } from '../db/transactions.ts';
import { addCounts, dayOf, type Counts } from './kpi-counters.ts';
import type { DayCounts } from './kpi.rules.ts';

/** Result shards per campaign and day: a segment blast's sends and their opens spread over them. */
export const campaignResultShards = 8;

/**
 * A campaign's results per day: small items in the campaign's partition, one per day and shard, whose
 * counters the KPI subscriber ADDs in the transaction that marks the event counted. Kept apart from
 * the company-wide KPI day item on purpose: every email sent, opened or clicked would otherwise write
 * that one item (which no partition split can spread) and grow it with every campaign of the day.
 */
export class CampaignResultsRepository {
  constructor(private readonly table: TableRef) {}

  /** ADDs the counts to the campaign's day of `at`, in the shard of `shardKey` (the event id); none when empty. */
  counterItems(campaignId: string, at: string, counts: Counts, shardKey: string): TransactItem[] {
    const key = campaignCounterKeys.resultsDay(campaignId, dayOf(at), stableShardOf(shardKey, campaignResultShards));
    return counterAddItem(this.table, { key, entity: 'CampaignResults', counts });
  }

  /** The campaign's results of each day from `from` to `to` with any, oldest first: one query of one sort-key range. */
  async days(campaignId: string, from: string, to: string): Promise<DayCounts[]> {
    const items = await this.items(campaignId, from, to);
    const byDay = new Map<string, Counts>();
    for (const item of items) {
      const day = campaignCounterKeys.dayOfResults(String(item.sk));
      byDay.set(day, addCounts(byDay.get(day) ?? {}, countersOf(item)));
    }
    return [...byDay.entries()].map(([day, counts]) => ({ day, counts }));
  }

  /** Replaces the campaign's results (the rebuild): each day's counts in one item, the other items deleted. */
  async replaceAll(campaignId: string, days: readonly DayCounts[]): Promise<void> {
    const kept = days.filter(({ counts }) => Object.values(counts).some((value) => value !== 0));
    const keys = new Set(kept.map(({ day }) => JSON.stringify(campaignCounterKeys.resultsDay(campaignId, day, 0))));
    const stale: ItemKey[] = (await this.items(campaignId, '0000-00-00', '9999-12-31'))
      .map((item) => ({ pk: String(item.pk), sk: String(item.sk) }))
      .filter((key) => !keys.has(JSON.stringify(key)));
    const requests = [
      ...kept.map(({ day, counts }) => ({
        PutRequest: {
          Item: {
            ...campaignCounterKeys.resultsDay(campaignId, day, 0),
            entity: 'CampaignResults',
            ...counterAttributes(Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0))),
          },
        },
      })),
      ...stale.map((key) => ({ DeleteRequest: { Key: key } })),
    ];
    await batchWriteAll(this.table, requests);
  }

  private items(campaignId: string, from: string, to: string) {
    const [start, end] = campaignCounterKeys.resultsBetween(from, to);
    return queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': campaignCounterKeys.partition(campaignId), ':from': start, ':to': end },
      ConsistentRead: true,
    });
  }
}
