import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { rateKeys } from '../db/keys.ts';

/** Fixed-window request counters (one atomic ADD per request, expired by TTL). */
export class RateLimitRepository {
  constructor(private readonly table: TableRef) {}

  /** Counts one request for `bucket` in the current window and returns the window's count so far. */
  async hit(bucket: string, windowSeconds: number, now: number): Promise<number> {
    const windowStart = Math.floor(now / 1000 / windowSeconds) * windowSeconds;
    const { Attributes } = await this.table.db.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: rateKeys.counter(bucket, windowStart),
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': windowStart + windowSeconds * 2 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? 1);
  }
}
