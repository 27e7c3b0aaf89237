import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { suppressionKeys } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';

export const suppressionReasons = ['unsubscribed', 'bounced', 'complained'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/** Addresses that get no marketing email: by normalised email, so a re-created contact stays suppressed. */
export class SuppressionRepository {
  constructor(private readonly table: TableRef) {}

  async reasonFor(emailNormalised: string): Promise<SuppressionReason | undefined> {
    const { Item } = await this.table.db.send(new GetCommand({ TableName: this.table.tableName, Key: suppressionKeys.item(emailNormalised), ConsistentRead: true }));
    return Item?.reason as SuppressionReason | undefined;
  }

  suppressItem(emailNormalised: string, reason: SuppressionReason, at: string, source: string): TransactItem {
    return { Put: { TableName: this.table.tableName, Item: { ...suppressionKeys.item(emailNormalised), entity: 'Suppression', reason, at, source } } };
  }
}
