import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from '../db/document-client.ts';
import { engagementKeys } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';
import { EngagementKind } from './scoring-model.schema.ts';
import { readableItems } from '../db/unreadable-items.ts';

export const StoredEngagement = z.object({
  id: z.string(),
  contactId: z.string(),
  kind: EngagementKind,
  occurredAt: z.string(),
  name: z.string().optional(),
  url: z.string().optional(),
  sourceId: z.string().optional(),
});
export type StoredEngagement = z.infer<typeof StoredEngagement>;

/** Engagements scored per contact: the newest this many (older ones have decayed or hit their caps). */
export const engagementsScored = 500;

/** What a contact did (scoring input), kept in the contact's partition: one query reads a contact's history. */
export class EngagementRepository {
  constructor(private readonly table: TableRef) {}

  /**
   * Records an engagement; the id is the causing event or submission, so recording it again (a
   * retried workflow, a replayed event) rewrites the same item instead of counting twice.
   */
  recordItem(engagement: StoredEngagement): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...engagementKeys.item(engagement.contactId, engagement.occurredAt, engagement.id),
          entity: 'Engagement',
          ...engagement,
        },
      },
    };
  }

  /** The newest engagements of a contact, newest first. */
  async recent(contactId: string, limit = engagementsScored): Promise<StoredEngagement[]> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': engagementKeys.contactPartition(contactId),
          ':prefix': engagementKeys.prefix,
        },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return readableItems(StoredEngagement, 'Engagement', Items);
  }
}
