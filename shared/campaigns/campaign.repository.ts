import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { campaignKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { outboxItem } from '../events/outbox.ts';
import { Campaign, CampaignVersion } from './campaign.schema.ts';

/** Campaigns and their immutable published versions, in one partition per campaign. */
export class CampaignRepository {
  private readonly store: EntityStore<Campaign>;

  constructor(private readonly table: TableRef) {
    this.store = new EntityStore(table, { entity: 'Campaign', schema: Campaign, key: campaignKeys.item, indexAttributes: campaignKeys.indexAttributes });
  }

  get(campaignId: string): Promise<Campaign | undefined> {
    return this.store.get(campaignId);
  }

  create(campaign: Campaign): Promise<void> {
    return this.store.write([this.store.items.create(this.store.toItem(campaign))]);
  }

  update(before: Campaign, after: Campaign, events: DomainEvent[] = []): Promise<void> {
    return this.store.write([this.store.items.replaceVersioned(this.store.toItem(after), before.version), ...events.map((event) => this.store.items.put(outboxItem(event)))]);
  }

  /** Items: [campaign (version check), new version (must not exist), outbox]. */
  publish(before: Campaign, after: Campaign, version: CampaignVersion, event: DomainEvent): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.replaceVersioned(this.store.toItem(after), before.version),
      items.create({ ...campaignKeys.version(version.campaignId, version.number), entity: 'CampaignVersion', ...version }),
      items.put(outboxItem(event)),
    ]);
  }

  async getVersion(campaignId: string, number: number): Promise<CampaignVersion | undefined> {
    const { Item } = await this.table.db.send(new GetCommand({ TableName: this.table.tableName, Key: campaignKeys.version(campaignId, number), ConsistentRead: true }));
    return Item ? CampaignVersion.parse(Item) : undefined;
  }

  listAll(limit: number, cursor?: string): Promise<Page<Campaign>> {
    return this.store.page(campaignKeys.all(), { limit, cursor, newestFirst: false });
  }
}
