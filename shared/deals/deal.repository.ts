import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { queryAll } from '../db/query-all.ts';
import { EntityStore } from '../db/entity-store.ts';
import { dealKeys, pipelineKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { TransactItem } from '../db/transactions.ts';
import { Deal, StageChange } from './deal.schema.ts';
import { stageTotalDeltas, type StageTotal } from './stage-totals.rules.ts';
import { readableItems } from '../db/unreadable-items.ts';

/** Deals, their stage history (items in the deal's partition) and their events, always written together. */
export class DealRepository {
  private readonly store: EntityStore<Deal>;

  constructor(table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Deal',
      schema: Deal,
      key: dealKeys.item,
      indexAttributes: dealKeys.indexAttributes,
    });
  }

  get(dealId: string): Promise<Deal | undefined> {
    return this.store.get(dealId);
  }

  /** Items: [deal, first stage change, events...]. */
  create(deal: Deal, change: StageChange, events: DomainEvent[]): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.create(this.store.toItem(deal)),
      items.put(this.changeItem(change, deal.id)),
      ...this.stageTotalItems(deal.pipelineId, stageTotalDeltas(undefined, deal)),
      ...events.map((e) => items.event(e)),
    ]);
  }

  /** Items: [deal (version check), stage change?, events...]. */
  update(before: Deal, after: Deal, change: StageChange | undefined, events: DomainEvent[]): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.replaceVersioned(this.store.toItem(after), before.version),
      ...(change ? [items.put(this.changeItem(change, events[0]?.detail.id ?? after.updatedAt))] : []),
      ...this.stageTotalItems(after.pipelineId, stageTotalDeltas(before, after)),
      ...events.map((e) => items.event(e)),
    ]);
  }

  delete(deal: Deal): Promise<void> {
    return this.store.write([
      this.store.items.deleteVersioned(dealKeys.item(deal.id), deal.version),
      ...this.stageTotalItems(deal.pipelineId, stageTotalDeltas(deal, undefined)),
    ]);
  }

  /** Every stage's deal count and amount per currency: one query of the pipeline's partition, however many deals. */
  async stageTotals(pipelineId: string): Promise<StageTotal[]> {
    const Items = await queryAll(this.store.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': pipelineKeys.item(pipelineId).pk,
        ':prefix': pipelineKeys.stageTotalPrefix,
      },
      ConsistentRead: true,
    });
    return Items.map((item) => ({
      stageId: String(item.stageId),
      currency: String(item.currency),
      dealCount: Number(item.dealCount ?? 0),
      amount: Number(item.amount ?? 0),
    }));
  }

  /** Overwrites a pipeline's stage totals with recomputed ones (the KPI rebuild's repair). */
  async replaceStageTotals(pipelineId: string, totals: readonly StageTotal[]): Promise<void> {
    const current = await this.stageTotals(pipelineId);
    const recomputed = new Set(
      totals.map((total) => pipelineKeys.stageTotal(pipelineId, total.stageId, total.currency).sk),
    );
    const stale = current.filter(
      (total) => !recomputed.has(pipelineKeys.stageTotal(pipelineId, total.stageId, total.currency).sk),
    );
    const writes: TransactItem[] = [
      ...totals.map((total) => this.store.items.put(this.stageTotalItem(pipelineId, total))),
      ...stale.map((total) => ({
        Delete: {
          TableName: this.store.table.tableName,
          Key: pipelineKeys.stageTotal(pipelineId, total.stageId, total.currency),
        },
      })),
    ];
    for (let start = 0; start < writes.length; start += 100) await this.store.write(writes.slice(start, start + 100));
  }

  /** The deal's stage moves, newest first (a deal moves a few dozen times at most: one query). */
  async history(dealId: string): Promise<StageChange[]> {
    const { Items = [] } = await this.store.table.db.send(
      new QueryCommand({
        TableName: this.store.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': dealKeys.item(dealId).pk, ':prefix': dealKeys.stageChangePrefix },
        ScanIndexForward: false,
      }),
    );
    return readableItems(StageChange, 'StageChange', Items);
  }

  listByOwner(ownerId: string, limit: number, cursor?: string): Promise<Page<Deal>> {
    return this.store.page(dealKeys.byOwner(ownerId), { limit, cursor, newestFirst: true });
  }

  listByStage(pipelineId: string, stageId: string, limit: number, cursor?: string): Promise<Page<Deal>> {
    return this.store.page(dealKeys.byStage(pipelineId, stageId), { limit, cursor, newestFirst: true });
  }

  listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<Deal>> {
    return this.store.page(dealKeys.byCompany(companyId), { limit, cursor, newestFirst: true });
  }

  listByContact(contactId: string, limit: number, cursor?: string): Promise<Page<Deal>> {
    return this.store.page(dealKeys.byContact(contactId), { limit, cursor, newestFirst: true });
  }

  /** Deals won between two instants (inclusive), oldest first: the KPI access pattern. */
  listWon(fromIso: string, toIso: string, limit: number, cursor?: string): Promise<Page<Deal>> {
    return this.store.page(dealKeys.won(), {
      limit,
      cursor,
      newestFirst: false,
      sortKeyBetween: [fromIso, `${toIso}\uffff`],
    });
  }

  /** ADDs each delta to its stage total, in the same transaction as the deal's write, so totals never drift. */
  private stageTotalItems(pipelineId: string, deltas: readonly StageTotal[]): TransactItem[] {
    return deltas.map((delta) => ({
      Update: {
        TableName: this.store.table.tableName,
        Key: pipelineKeys.stageTotal(pipelineId, delta.stageId, delta.currency),
        UpdateExpression:
          'SET #entity = :entity, stageId = :stageId, currency = :currency ADD dealCount :count, amount :amount',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: {
          ':entity': 'PipelineStageTotal',
          ':stageId': delta.stageId,
          ':currency': delta.currency,
          ':count': delta.dealCount,
          ':amount': delta.amount,
        },
      },
    }));
  }

  private stageTotalItem(pipelineId: string, total: StageTotal): Record<string, unknown> {
    return {
      ...pipelineKeys.stageTotal(pipelineId, total.stageId, total.currency),
      entity: 'PipelineStageTotal',
      ...total,
    };
  }

  private changeItem(change: StageChange, uniqueSuffix: string): Record<string, unknown> {
    return { ...dealKeys.stageChange(change.dealId, change.at, uniqueSuffix), entity: 'DealStageChange', ...change };
  }
}
