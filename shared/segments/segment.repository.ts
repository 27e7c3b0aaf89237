import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CatalogRepository } from '../db/catalog-repository.ts';
import type { TableRef } from '../db/document-client.ts';
import { segmentKeys } from '../db/keys.ts';
import { Segment, StoredSegmentCount, type SegmentCountJob } from './segment.schema.ts';

export class SegmentRepository extends CatalogRepository<Segment> {
  constructor(table: TableRef) {
    super(
      table,
      { entity: 'Segment', schema: Segment, key: segmentKeys.item, indexAttributes: segmentKeys.indexAttributes },
      segmentKeys.all,
    );
  }

  async getCount(segmentId: string): Promise<StoredSegmentCount | undefined> {
    const { Item } = await this.store.table.db.send(
      new GetCommand({
        TableName: this.store.table.tableName,
        Key: segmentKeys.count(segmentId),
        ConsistentRead: true,
      }),
    );
    return Item ? StoredSegmentCount.parse(Item) : undefined;
  }

  /**
   * Claims the count for a new job: only if no job for this segment version started after `staleBefore`
   * is running, so two requests at once start one job. Resolves false when another job holds it.
   */
  async claimCount(job: SegmentCountJob, examined: number, plan: string, staleBefore: string): Promise<boolean> {
    try {
      await this.store.table.db.send(
        new PutCommand({
          TableName: this.store.table.tableName,
          Item: {
            ...segmentKeys.count(job.segmentId),
            entity: 'SegmentCount',
            status: 'counting',
            ...job,
            examined,
            plan,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR #status = :done OR segmentVersion <> :version OR startedAt < :stale',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':version': job.segmentVersion, ':stale': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Records a finished count, unless a newer job has claimed the count since this one started. */
  async finishCount(
    job: SegmentCountJob,
    result: { count: number; examined: number; plan: string; countedAt: string },
  ) {
    try {
      await this.store.table.db.send(
        new PutCommand({
          TableName: this.store.table.tableName,
          Item: { ...segmentKeys.count(job.segmentId), entity: 'SegmentCount', status: 'done', ...job, ...result },
          ConditionExpression: 'attribute_not_exists(pk) OR startedAt = :startedAt',
          ExpressionAttributeValues: { ':startedAt': job.startedAt },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}
