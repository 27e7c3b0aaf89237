import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxEntity } from '../events/outbox.ts';
import type { TableRef } from './document-client.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Thrown when a condition in the transaction failed; `failedItems[i]` is true for each item whose condition failed. */
export class TransactionConditionFailed extends Error {
  constructor(readonly failedItems: boolean[]) {
    super('A condition in the transaction failed');
    // By its own name, so a workflow's Catch and Lead Processing Failed say what failed, not just "Error".
    this.name = 'TransactionConditionFailed';
  }
}

const conflictRetryDelaysMs = [5, 15, 40, 100, 250];

/** `already-written`: the transaction's event already exists, so an earlier attempt of the same step committed it. */
export type WriteOutcome = 'written' | 'already-written';

const isEventPut = (item: TransactItem | undefined) => item?.Put?.Item?.entity === outboxEntity;

/**
 * Runs an all-or-nothing write. DynamoDB cancels a transaction that collides with another in flight
 * (reason TransactionConflict); the SDK does not retry those, so we do, with jittered backoff,
 * until the conditions themselves decide. Condition failures surface as TransactionConditionFailed,
 * except one: when every failed condition is an outbox put's (its event id exists; see outboxPut),
 * the transaction that first wrote that event committed, so this is a retried step that is already
 * done. Nothing is written and the answer is `already-written`, not an error. When another condition
 * failed too (a version, a uniqueness claim), it is a conflict as before, and the caller re-reads.
 */
export async function writeTransaction(table: TableRef, items: TransactItem[]): Promise<WriteOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      await table.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'written';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      if (codes.includes('ConditionalCheckFailed')) {
        const failed = codes.map((code) => code === 'ConditionalCheckFailed');
        if (failed.every((itemFailed, index) => !itemFailed || isEventPut(items[index]))) return 'already-written';
        throw new TransactionConditionFailed(failed);
      }
      const delay = conflictRetryDelaysMs[attempt];
      if (!codes.includes('TransactionConflict') || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay));
    }
  }
}
