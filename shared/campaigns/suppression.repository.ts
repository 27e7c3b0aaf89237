import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TableRef } from '../db/document-client.ts';
import { suppressionKeys, type ItemKey } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';
import { consentStatuses } from '../contacts/contact.schema.ts';

export const suppressionReasons = ['unsubscribed', 'bounced', 'complained', 'erased'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

/** Proof of one consent change that outlives the contact's erasure: what, when, where from; nothing that identifies the person. */
export const RetainedConsent = z.object({
  status: z.enum(consentStatuses),
  at: z.string(),
  method: z.string(),
  source: z.string(),
  textVersion: z.string().optional(),
});
export type RetainedConsent = z.infer<typeof RetainedConsent>;

export const Suppression = z.object({
  reason: z.enum(suppressionReasons),
  at: z.string(),
  /** Set once the person was erased: their consent history, kept as proof (GDPR Art. 17(3)(e), 7(1)). */
  erasedAt: z.string().optional(),
  consentHistory: z.array(RetainedConsent).optional(),
});
export type Suppression = z.infer<typeof Suppression>;

const sameChange = (a: RetainedConsent, b: RetainedConsent) =>
  a.at === b.at && a.status === b.status && a.method === b.method && a.source === b.source;

/**
 * Addresses that get no marketing email, keyed by a hash of the normalised email (see keys.ts), so a
 * re-created contact stays suppressed and an erased person is never mailed again, without Relay
 * keeping their address. Callers pass the normalised email; it is hashed here and never stored.
 */
export class SuppressionRepository {
  constructor(private readonly table: TableRef) {}

  async get(emailNormalised: string): Promise<Suppression | undefined> {
    const read = (Key: ItemKey) =>
      this.table.db.send(new GetCommand({ TableName: this.table.tableName, Key, ConsistentRead: true }));
    const [hashed, legacy] = await Promise.all([
      read(suppressionKeys.item(emailNormalised)),
      read(suppressionKeys.legacyItem(emailNormalised)),
    ]);
    const item = hashed.Item ?? legacy.Item;
    return item ? Suppression.parse(item) : undefined;
  }

  async reasonFor(emailNormalised: string): Promise<SuppressionReason | undefined> {
    return (await this.get(emailNormalised))?.reason;
  }

  /** Suppresses the address; an update, so the consent history kept by an earlier erasure survives a later bounce or unsubscribe. */
  suppressItem(emailNormalised: string, reason: SuppressionReason, at: string, source: string): TransactItem {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: suppressionKeys.item(emailNormalised),
        UpdateExpression: 'SET entity = :entity, reason = :reason, #at = :at, #source = :source',
        ExpressionAttributeNames: { '#at': 'at', '#source': 'source' },
        ExpressionAttributeValues: { ':entity': 'Suppression', ':reason': reason, ':at': at, ':source': source },
      },
    };
  }

  /**
   * The one entry that remains of an erased person: suppressed for good, with their consent history
   * merged into what an earlier (or interrupted) erasure kept, so a retry never loses proof.
   */
  async recordErasure(emailNormalised: string, at: string, consentHistory: readonly RetainedConsent[]): Promise<void> {
    const existing = await this.get(emailNormalised);
    const kept = existing?.consentHistory ?? [];
    const merged = [...kept, ...consentHistory.filter((change) => !kept.some((old) => sameChange(old, change)))].sort(
      (a, b) => a.at.localeCompare(b.at),
    );
    const item: Suppression & Record<string, unknown> = {
      ...suppressionKeys.item(emailNormalised),
      entity: 'Suppression',
      reason: 'erased',
      at,
      source: 'erasure',
      erasedAt: existing?.erasedAt ?? at,
      consentHistory: merged,
    };
    await this.table.db.send(new PutCommand({ TableName: this.table.tableName, Item: item }));
    await this.table.db.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: suppressionKeys.legacyItem(emailNormalised) }),
    );
  }
}
