import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { campaignKeys, campaignTriggerKeys } from '../db/keys.ts';
import { EnrollmentTrigger } from './campaign-definition.schema.ts';
import { triggerKeyOf } from './campaign-triggers.rules.ts';
import type { Page } from '../db/pagination.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { Campaign, CampaignVersion, CampaignVersionSummary } from './campaign.schema.ts';
import { readableItems } from '../db/unreadable-items.ts';
import * as z from 'zod';

/** A live trigger filed under its key: which campaign it starts. */
const TriggerFiling = z.object({ campaignId: z.string(), trigger: EnrollmentTrigger });

/** Campaigns and their immutable published versions, in one partition per campaign. */
export class CampaignRepository {
  private readonly store: EntityStore<Campaign>;

  constructor(private readonly table: TableRef) {
    this.store = new EntityStore(table, {
      entity: 'Campaign',
      schema: Campaign,
      key: campaignKeys.item,
      indexAttributes: campaignKeys.indexAttributes,
    });
  }

  get(campaignId: string): Promise<Campaign | undefined> {
    return this.store.get(campaignId);
  }

  create(campaign: Campaign): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(campaign))]);
  }

  update(before: Campaign, after: Campaign, events: DomainEvent[] = []): Promise<void> {
    return this.store.write([
      this.store.items.replaceVersioned(this.store.toItem(after), before.version),
      ...events.map((event) => this.store.items.event(event)),
    ]);
  }

  /** Items: [campaign (version check), new version (must not exist), outbox, live trigger (filed anew)]. */
  publish(before: Campaign, after: Campaign, version: CampaignVersion, event: DomainEvent): Promise<void> {
    const { items } = this.store;
    const oldKey = triggerKeyOf(before.liveTrigger);
    const newKey = triggerKeyOf(after.liveTrigger);
    return this.store.write([
      items.replaceVersioned(this.store.toItem(after), before.version),
      items.create({
        ...campaignKeys.version(version.campaignId, version.number),
        entity: 'CampaignVersion',
        ...version,
      }),
      items.event(event),
      ...(oldKey && oldKey !== newKey ? [items.delete(campaignTriggerKeys.item(oldKey, after.id))] : []),
      ...(newKey
        ? [
            items.put({
              ...campaignTriggerKeys.item(newKey, after.id),
              entity: 'CampaignTrigger',
              campaignId: after.id,
              trigger: after.liveTrigger,
            }),
          ]
        : []),
    ]);
  }

  /** The campaigns whose live trigger is filed under `triggerKey` (an event type or a form), with that trigger. */
  async triggeredBy(triggerKey: string): Promise<Pick<Campaign, 'id' | 'liveTrigger'>[]> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': campaignTriggerKeys.partition(triggerKey) },
      }),
    );
    return readableItems(TriggerFiling, 'CampaignTrigger', Items).map((filing) => ({
      id: filing.campaignId,
      liveTrigger: filing.trigger,
    }));
  }

  async getVersion(campaignId: string, number: number): Promise<CampaignVersion | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: campaignKeys.version(campaignId, number),
        ConsistentRead: true,
      }),
    );
    return Item ? CampaignVersion.parse(Item) : undefined;
  }

  /**
   * Versions `from` down to `to`, newest first, without their definitions (only the name is read from one):
   * one query of the campaign's partition, at most `from - to + 1` items.
   */
  async listVersionSummaries(campaignId: string, from: number, to: number): Promise<CampaignVersionSummary[]> {
    const range = campaignKeys.versionRange(campaignId, to, from);
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': range.pk, ':from': range.from, ':to': range.to },
        ProjectionExpression: 'campaignId, #number, publishedAt, publishedBy, #definition.#name',
        ExpressionAttributeNames: { '#number': 'number', '#definition': 'definition', '#name': 'name' },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    return Items.map((item) =>
      CampaignVersionSummary.parse({ ...item, name: (item.definition as { name?: unknown } | undefined)?.name }),
    );
  }

  listAll(limit: number, cursor?: string): Promise<Page<Campaign>> {
    return this.store.page(campaignKeys.all(), { limit, cursor, newestFirst: false });
  }
}
