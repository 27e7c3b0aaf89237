import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from '../db/document-client.ts';
import type { MergeSource } from '../common/newest-first-merge.ts';
import { consentKeys } from '../db/keys.ts';
import { queryNewestFirst } from '../db/query-newest-first.ts';
import { tableDesign } from '../db/table-design.ts';
import type { TransactItem } from '../db/transactions.ts';
import { consentStatuses } from '../contacts/contact.schema.ts';
import { readableItems } from '../db/unreadable-items.ts';

/** Proof of a consent change: when, where from, which wording, how, and a salted hash of the IP. */
export const ConsentRecord = z.object({
  id: z.string(),
  contactId: z.string(),
  status: z.enum(consentStatuses),
  at: z.string(),
  method: z.enum(['form', 'webhook', 'double-opt-in', 'unsubscribe']),
  source: z.string(),
  textVersion: z.string().optional(),
  text: z.string().optional(),
  ipHash: z.string().optional(),
});
export type ConsentRecord = z.infer<typeof ConsentRecord>;

/** Consent proof, kept in the contact's partition so a contact's whole history is one query. */
export class ConsentRepository {
  constructor(private readonly table: TableRef) {}

  recordItem(record: ConsentRecord): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: { ...consentKeys.record(record.contactId, record.at, record.id), entity: 'ConsentRecord', ...record },
      },
    };
  }

  /** The contact's consent history, oldest first. */
  async history(contactId: string): Promise<ConsentRecord[]> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': consentKeys.contactPartition(contactId), ':prefix': consentKeys.prefix },
      }),
    );
    return readableItems(ConsentRecord, 'ConsentRecord', Items);
  }

  // --- contact record (issue 17) ---
  /** The contact's consent records newest first, as a stream to page (shared/common/newest-first-merge.ts). */
  newestFirst(contactId: string): MergeSource<ConsentRecord> {
    const range = {
      partitionKeyName: tableDesign.partitionKey,
      partitionKey: consentKeys.contactPartition(contactId),
      sortKeyName: tableDesign.sortKey,
      prefix: consentKeys.prefix,
    };
    const positionOf = (sortKey: string) => sortKey.slice(consentKeys.prefix.length);
    return {
      name: 'consent',
      fetch: async (after, limit) => {
        const { items, continueBelow } = await queryNewestFirst(this.table, range, {
          limit,
          ...(after !== undefined ? { before: `${consentKeys.prefix}${after}` } : {}),
        });
        return {
          items: items.flatMap((item) =>
            readableItems(ConsentRecord, 'ConsentRecord', [item]).map((value) => ({
              position: positionOf(String(item.sk)),
              value,
            })),
          ),
          ...(continueBelow !== undefined ? { resumeAfter: positionOf(continueBelow) } : {}),
        };
      },
    };
  }
}
