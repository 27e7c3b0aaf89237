import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { enrollmentKeys, marketingSendKeys } from '../db/keys.ts';
import { encodeCursor, decodeCursor, type Page } from '../db/pagination.ts';
import type { TransactItem } from '../db/transactions.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { Enrollment } from './enrollment.schema.ts';
import { StepCountRepository } from './step-counts.repository.ts';
import { moveBetween } from './step-counts.rules.ts';

const keyOf = (id: string) => {
  const [campaignId = '', contactId = ''] = id.split(':');
  return enrollmentKeys.item(campaignId, contactId);
};

/** Enrollments, and the record of every campaign email a contact got (for the cross-campaign frequency cap). */
export class EnrollmentRepository {
  private readonly store: EntityStore<Enrollment>;
  private readonly stepCounts: StepCountRepository;

  constructor(private readonly table: TableRef) {
    this.stepCounts = new StepCountRepository(table);
    this.store = new EntityStore(table, {
      entity: 'Enrollment',
      schema: Enrollment,
      key: keyOf,
      indexAttributes: enrollmentKeys.indexAttributes,
    });
  }

  get(id: string): Promise<Enrollment | undefined> {
    return this.store.get(id);
  }

  /**
   * Starts an enrollment: it must not exist, or must still be the ended one at `replacing` version.
   * Its arrival at the first step is counted in the same transaction (step-counts.repository.ts).
   */
  start(enrollment: Enrollment, event: DomainEvent, replacing?: Enrollment): Promise<void> {
    const { items } = this.store;
    const item = this.store.toItem(enrollment);
    return this.store.write([
      replacing ? items.replaceVersioned(item, replacing.version) : items.create(item),
      items.event(event),
      ...this.stepCounts.moveItems(replacing, enrollment),
    ]);
  }

  /**
   * Moves an enrollment on (version-checked), with whatever else the step wrote, and counts the move
   * in its version's step counters in the same transaction: a move that is already done writes
   * nothing, counters included. `trail` is the steps the run went through (nextJourneyAction's).
   */
  advance(
    before: Enrollment,
    after: Enrollment,
    extra: TransactItem[] = [],
    events: DomainEvent[] = [],
    trail: readonly string[] = [],
  ): Promise<void> {
    const { items } = this.store;
    return this.store.write([
      items.replaceVersioned(this.store.toItem(after), before.version),
      ...extra,
      ...events.map((event) => items.event(event)),
      ...this.stepCounts.moveItems(before, after, trail),
    ]);
  }

  /**
   * Deletes an enrollment (an erasure), version-checked; one still running counts as ended, `erased`,
   * where it was, so its step's `waiting` does not keep it forever.
   */
  remove(enrollment: Enrollment, at: string): Promise<void> {
    const { items } = this.store;
    const move = moveBetween(enrollment, { ...enrollment, status: 'ended', atStepId: undefined, endReason: 'erased' });
    return this.store.write([
      items.deleteVersioned(keyOf(enrollment.id), enrollment.version),
      ...this.stepCounts.countMove(enrollment, move, at),
    ]);
  }

  /** The record that a campaign email went to the contact. */
  marketingSendItem(contactId: string, at: string, key: string): TransactItem {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: { ...marketingSendKeys.item(contactId, at, key), entity: 'MarketingSend', at, key },
      },
    };
  }

  /** The campaign whose email last went to the contact before `before` (last-touch attribution). */
  async lastCampaignBefore(contactId: string, before: string): Promise<string | undefined> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': marketingSendKeys.contactPartition(contactId),
          ':from': marketingSendKeys.prefix,
          ':to': `${marketingSendKeys.prefix}${before}`,
        },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const key = Items[0]?.key;
    return typeof key === 'string' ? key.split(':')[1] : undefined;
  }

  /** When campaign emails went to the contact since `since`, newest first. */
  async marketingSendTimes(contactId: string, since: string): Promise<string[]> {
    const { Items = [] } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': marketingSendKeys.contactPartition(contactId),
          ':from': `${marketingSendKeys.prefix}${since}`,
          ':to': `${marketingSendKeys.prefix}~`,
        },
        ScanIndexForward: false,
        Limit: 100,
      }),
    );
    return Items.map((item) => String(item.at));
  }

  /** A campaign's enrollments in one status (e.g. held ones to resume), oldest first. */
  listByStatus(
    campaignId: string,
    status: Enrollment['status'],
    limit: number,
    cursor?: string,
  ): Promise<Page<Enrollment>> {
    return this.store.page(enrollmentKeys.ofCampaign(campaignId), {
      limit,
      cursor,
      newestFirst: false,
      sortKeyBetween: [`${status}#`, `${status}#~`],
    });
  }

  // --- contact record (issue 17): a contact's enrollments, and indexing the ones stored before that index ---

  /** The contact's enrollments, newest first (by when each began). */
  listByContact(contactId: string, limit: number, cursor?: string): Promise<Page<Enrollment>> {
    return this.store.page(enrollmentKeys.ofContact(contactId), { limit, cursor, newestFirst: true });
  }

  /** A page of a campaign's enrollments stored before enrollments were indexed by contact (none since). */
  async listUnindexedByContact(campaignId: string, limit: number, cursor?: string): Promise<Page<Enrollment>> {
    const partition = enrollmentKeys.ofCampaign(campaignId);
    const contactIndexKey = enrollmentKeys.ofContact('').partitionKeyName;
    const { Items = [], LastEvaluatedKey } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: partition.indexName,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: 'attribute_not_exists(#contactIndex)',
        ExpressionAttributeNames: { '#pk': partition.partitionKeyName, '#contactIndex': contactIndexKey },
        ExpressionAttributeValues: { ':pk': partition.partitionKey },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, partition),
      }),
    );
    const nextCursor = encodeCursor(LastEvaluatedKey);
    return { items: this.store.fromItems(Items), ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * Adds the by-contact index attributes to an enrollment stored without them, unless it changed since
   * it was read (its next write carries them anyway). Whether it was indexed here.
   */
  async indexByContact(enrollment: Enrollment): Promise<boolean> {
    const { gsi6pk, gsi6sk } = enrollmentKeys.indexAttributes(enrollment);
    const index = enrollmentKeys.ofContact(enrollment.contactId);
    try {
      await this.table.db.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keyOf(enrollment.id),
          UpdateExpression: 'SET #indexPk = :pk, #indexSk = :sk',
          ConditionExpression: 'attribute_exists(pk) AND version = :version',
          ExpressionAttributeNames: { '#indexPk': index.partitionKeyName, '#indexSk': `${index.indexName}sk` },
          ExpressionAttributeValues: { ':pk': gsi6pk, ':sk': gsi6sk, ':version': enrollment.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
