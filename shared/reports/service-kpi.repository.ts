import { counterAddItem, countersOf } from '../db/counter-items.ts';
import type { TableRef } from '../db/document-client.ts';
import { serviceKpiKeys } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import type { TransactItem } from '../db/transactions.ts';
import { dayOf, type Counts } from './kpi-counters.ts';
import type { DayCounts } from './kpi.rules.ts';

/**
 * The service desk's day items (`SERVICE_KPI / DAY#<day>`), one per day, counters as attributes. Kept
 * out of the company-wide `KPI` item so that a busy support day does not contend with the CRM's counters,
 * and so that the CRM's rebuild (which replaces `KPI` days) leaves them alone.
 */
export class ServiceKpiRepository {
  constructor(private readonly table: TableRef) {}

  /** ADDs the counts to the day of `at`, in the caller's transaction; nothing when there is nothing to add. */
  counterItems(at: string, counts: Counts): TransactItem[] {
    return counterAddItem(this.table, { key: serviceKpiKeys.day(dayOf(at)), entity: 'ServiceKpiDay', counts });
  }

  /** Every day's counters up to `to`, oldest first: one query of a partition with one item per day. */
  async daysUpTo(to: string): Promise<DayCounts[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk <= :to',
      ExpressionAttributeValues: { ':pk': serviceKpiKeys.partition, ':to': serviceKpiKeys.daySortKey(to) },
      ConsistentRead: true,
    });
    return items.map((item) => ({ day: String(item.sk).slice('DAY#'.length), counts: countersOf(item) }));
  }
}
