import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { idempotencyKeys } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';

/** A response exactly as first sent: the body is kept as its JSON text, so repeats are byte-identical. */
export interface StoredResponse {
  status: number;
  body: string;
}

export interface IdempotencyRecord {
  payloadHash: string;
  state: 'in_progress' | 'completed';
  claimToken: string;
  claimedAt: number;
  response?: StoredResponse;
}

const retentionSeconds = 24 * 3600;

/**
 * First-response records for submissions and webhooks. A request claims its key before doing
 * anything; the claim is completed in the same transaction as the work, so a replay either finds
 * the finished response or waits for the one in flight. Nothing is done twice.
 */
export class IdempotencyRepository {
  constructor(private readonly table: TableRef) {}

  /** Claims the key, or returns the record already there. */
  async claim(
    scope: string,
    key: string,
    payloadHash: string,
    now: number,
  ): Promise<{ claimToken: string } | { existing: IdempotencyRecord }> {
    const claimToken = randomUUID();
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...idempotencyKeys.record(scope, key),
            entity: 'Idempotency',
            payloadHash,
            state: 'in_progress',
            claimToken,
            claimedAt: now,
            expiresAt: Math.floor(now / 1000) + retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { claimToken };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.read(scope, key);
      if (!existing) return this.claim(scope, key, payloadHash, now); // expired between the two calls
      return { existing };
    }
  }

  async read(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.table.db.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: idempotencyKeys.record(scope, key),
        ConsistentRead: true,
      }),
    );
    return Item as IdempotencyRecord | undefined;
  }

  /** Takes over a claim whose holder stopped (crashed) before completing it. */
  async takeOver(scope: string, key: string, staleToken: string, now: number): Promise<string | undefined> {
    const claimToken = randomUUID();
    try {
      await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: idempotencyKeys.record(scope, key),
          UpdateExpression: 'SET claimToken = :token, claimedAt = :now',
          ConditionExpression: '#state = :inProgress AND claimToken = :stale',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':token': claimToken,
            ':now': now,
            ':inProgress': 'in_progress',
            ':stale': staleToken,
          },
        }),
      );
      return claimToken;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Gives a claim back (the request was refused before doing anything), so a later retry starts afresh. */
  async release(scope: string, key: string, claimToken: string): Promise<void> {
    await this.table.db
      .send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: idempotencyKeys.record(scope, key),
          ConditionExpression: 'claimToken = :token AND #state = :inProgress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':token': claimToken, ':inProgress': 'in_progress' },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /** Completes a claim with its response, outside a transaction; fails (ConditionalCheckFailed) if the claim was taken over. */
  async complete(scope: string, key: string, claimToken: string, response: StoredResponse): Promise<void> {
    await this.table.db.send(new UpdateCommand(this.completion(scope, key, claimToken, response)));
  }

  /** The transaction item that completes a claim with its response; fails if the claim was taken over. */
  completeItem(scope: string, key: string, claimToken: string, response: StoredResponse): TransactItem {
    return { Update: this.completion(scope, key, claimToken, response) };
  }

  private completion(scope: string, key: string, claimToken: string, response: StoredResponse) {
    return {
      TableName: this.table.tableName,
      Key: idempotencyKeys.record(scope, key),
      UpdateExpression: 'SET #state = :completed, #response = :response',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: { ':completed': 'completed', ':response': response, ':token': claimToken },
    };
  }
}
