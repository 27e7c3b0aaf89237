import type { TableRef } from '../db/document-client.ts';
import { campaignSpendKeys } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import type { TransactItem } from '../db/transactions.ts';
import { readableItems } from '../db/unreadable-items.ts';
import { CampaignSpend } from './campaign-spend.schema.ts';

/** Money spent on a campaign, kept in the campaign's partition: the source the KPI rebuild reads. */
export class CampaignSpendRepository {
  constructor(private readonly table: TableRef) {}

  createItem(spend: CampaignSpend): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: { ...campaignSpendKeys.item(spend.campaignId, spend.date, spend.id), entity: 'CampaignSpend', ...spend },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  async listFor(campaignId: string): Promise<CampaignSpend[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': campaignSpendKeys.partition(campaignId),
        ':prefix': campaignSpendKeys.prefix,
      },
    });
    return readableItems(CampaignSpend, 'CampaignSpend', items);
  }
}
