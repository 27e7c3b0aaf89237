import type { TableRef } from '../db/document-client.ts';
import { emailKeys } from '../db/keys.ts';
import { transactItems } from '../db/transact-items.ts';
import type { TransactItem } from '../db/transactions.ts';

// SES reports opens and clicks again for months (every reopen); after this, a repeat may count again.
const retentionSeconds = 400 * 24 * 3600;

/** Which reports about a sent email have been recorded: SES repeats opens and clicks, we record the first. */
export class EmailFeedbackRepository {
  constructor(private readonly table: TableRef) {}

  /** Fails the transaction (TransactionConditionFailed) if this report was recorded before. */
  firstReportItem(messageKey: string, type: string, at: string): TransactItem {
    const expiresAt = Math.floor(Date.parse(at) / 1000) + retentionSeconds;
    return transactItems(this.table).create({
      ...emailKeys.feedback(messageKey, type),
      entity: 'EmailFeedback',
      at,
      expiresAt,
    });
  }
}
