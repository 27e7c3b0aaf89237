import { counterAddItem, countersOf } from '../db/counter-items.ts';
import type { TableRef } from '../db/document-client.ts';
import { campaignCounterKeys } from '../db/keys.ts';
import { queryAll } from '../db/query-all.ts';
import type { TransactItem } from '../db/transactions.ts';
import type { Enrollment } from './enrollment.schema.ts';
import {
  engagementCounts,
  landingStep,
  moveBetween,
  moveCounts,
  stepCountShardOf,
  type EnrollmentMove,
  type StepCountDeltas,
} from './step-counts.rules.ts';

type Counted = Pick<Enrollment, 'id' | 'campaignId' | 'campaignVersion'>;

/**
 * A campaign version's per-step counters (step-counts.rules.ts): small items in the campaign's
 * partition, one per version, landing step and shard, whose counters are ADDed by the transaction
 * that moves an enrollment. Nothing here writes on its own: the items go into the mover's transaction,
 * so a move that is already done (its version check or event put fails) adds nothing.
 */
export class StepCountRepository {
  constructor(private readonly table: TableRef) {}

  /** The item that counts the move from `before` to `after` (see moveBetween); none when it changes no counter. */
  moveItems(before: Enrollment | undefined, after: Enrollment, trail: readonly string[] = []): TransactItem[] {
    return this.countMove(after, moveBetween(before, after, trail), after.updatedAt);
  }

  /** The item that counts `move` of `enrollment` (none when the move changes no counter). */
  countMove(enrollment: Counted, move: EnrollmentMove, at: string): TransactItem[] {
    const stepId = landingStep(move);
    return stepId === undefined ? [] : this.counterItems(enrollment, stepId, moveCounts(move), at);
  }

  /** The item that counts the first open or click of a step's email by `enrollment`. */
  engagementItems(
    enrollment: Counted,
    kind: 'opened' | 'clicked',
    sent: { stepId: string; variantId?: string },
    at: string,
  ): TransactItem[] {
    return this.counterItems(enrollment, sent.stepId, engagementCounts(kind, sent.stepId, sent.variantId), at);
  }

  private counterItems(enrollment: Counted, stepId: string, deltas: StepCountDeltas, at: string): TransactItem[] {
    const { campaignId, campaignVersion } = enrollment;
    const key = campaignCounterKeys.stepCounts(campaignId, campaignVersion, stepId, stepCountShardOf(enrollment.id));
    return counterAddItem(this.table, { key, entity: 'StepCounts', counts: deltas, firstCountedAt: at });
  }

  /**
   * A version's counters summed over its items, and when the first of them was counted: one query
   * (paged past 1 MB) of one sort-key prefix of the campaign's partition, O(steps × shards), never O(enrollments).
   */
  async versionCounts(
    campaignId: string,
    version: number,
  ): Promise<{ counters: StepCountDeltas; firstCountedAt?: string }> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': campaignCounterKeys.partition(campaignId),
        ':prefix': campaignCounterKeys.stepCountsPrefix(version),
      },
      ConsistentRead: true,
    });
    const counters: StepCountDeltas = {};
    let firstCountedAt: string | undefined;
    for (const item of items) {
      for (const [counter, value] of Object.entries(countersOf(item)))
        counters[counter] = (Object.hasOwn(counters, counter) ? (counters[counter] ?? 0) : 0) + value;
      const first = item.firstCountedAt;
      if (typeof first === 'string' && (firstCountedAt === undefined || first < firstCountedAt)) firstCountedAt = first;
    }
    return { counters, ...(firstCountedAt ? { firstCountedAt } : {}) };
  }
}
