import type { TableRef } from '../db/document-client.ts';
import { leadFailureKeys } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';

export interface LeadFailure {
  id: string;
  contactId: string;
  at: string;
  step: string;
  /** The error's class. */
  error: string;
  /** What went wrong, without personal data (absent on items recorded before it existed). */
  message?: string;
  /** Step Functions' Cause (the Lambda's error JSON in AWS), with personal data taken out. */
  cause: string;
  causationId: string;
}

/** Lead-lifecycle steps that failed after their retries, kept in the contact's partition for support. */
export class LeadFailureRepository {
  constructor(private readonly table: TableRef) {}

  recordItem(failure: LeadFailure): TransactItem {
    const item = {
      ...leadFailureKeys.item(failure.contactId, failure.at, failure.id),
      entity: 'LeadFailure',
      ...failure,
      cause: failure.cause.slice(0, 4000),
    };
    return { Put: { TableName: this.table.tableName, Item: item } };
  }
}
