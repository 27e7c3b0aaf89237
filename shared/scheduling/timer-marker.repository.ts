import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { timerKeys } from '../db/keys.ts';

/** Which firing of a timer this is: its unique name and its due time (a name may be reused for another time). */
export interface TimerFiring {
  name: string;
  at: string;
}

/**
 * How long a firing is remembered. Scheduler retries a target for at most 24 hours
 * (MaximumEventAgeInSeconds 86,400) and Lambda's own retries take minutes: two days outlives both.
 */
export const timerMarkerRetentionSeconds = 2 * 24 * 3600;

/**
 * Markers that make a timer's work at most once, whatever delivers it twice (Scheduler and EventBridge
 * deliver at least once; Express runs at least once and does not deduplicate StartExecution by name).
 * The first delivery claims the firing; a second one, from another invocation or execution, finds the claim.
 */
export class TimerMarkerRepository {
  constructor(private readonly table: TableRef) {}

  /**
   * Claims `firing` for `owner` (the invocation's request id, or the execution's id, so that retries of the
   * same invocation and the loop of the same execution pass). False: another owner already did or does the work.
   */
  async claim(firing: TimerFiring, owner: string, now: Date): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...timerKeys.fired(firing.name, firing.at),
            entity: 'TimerFired',
            owner,
            claimedAt: now.toISOString(),
            expiresAt: nowSeconds + timerMarkerRetentionSeconds,
          },
          // TTL deletes late: an expired marker counts as gone.
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner OR expiresAt < :now',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner, ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives the firing back after its work failed, so that the retry of whoever delivers it next can do it. */
  async release(firing: TimerFiring, owner: string): Promise<void> {
    try {
      await this.table.db.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: timerKeys.fired(firing.name, firing.at),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
