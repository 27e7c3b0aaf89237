import * as z from 'zod';
import { StoredNumber } from '../common/fields.ts';
import type { TableRef } from '../db/document-client.ts';
import { campaignSpendKeys } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import type { TransactItem } from '../db/transactions.ts';
import { readableItems } from '../db/unreadable-items.ts';

export const RecordSpendRequest = z.strictObject({
  amount: StoredNumber.positive().max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'),
  /** The day the money was spent (the KPI day it counts on). */
  date: z.iso.date(),
  note: z.string().trim().max(500).optional(),
});
export type RecordSpendRequest = z.infer<typeof RecordSpendRequest>;

export const CampaignSpend = z.object({
  ...RecordSpendRequest.shape,
  id: z.string(),
  campaignId: z.string(),
  recordedAt: z.string(),
});
export type CampaignSpend = z.infer<typeof CampaignSpend>;

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
