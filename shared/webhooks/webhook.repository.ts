import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '../db/document-client.ts';
import { EntityStore } from '../db/entity-store.ts';
import { webhookKeys } from '../db/keys.ts';
import type { Page } from '../db/pagination.ts';
import { WebhookDeliveryAttempt, WebhookSubscription } from './webhook.schema.ts';

const deliveryLogSeconds = 30 * 24 * 3600;
/** Outlasts one POST (10 s timeout); a crashed attempt's retry (Lambda's, a minute later) takes the claim over. */
const attemptLeaseMs = 60_000;
type StoredAttempt = WebhookDeliveryAttempt & { id: string };
const attemptId = (attempt: WebhookDeliveryAttempt) =>
  `${attempt.subscriptionId}#${attempt.eventId}#${attempt.attempt}`;

/** Outbound webhook subscriptions, and the log of every delivery attempt (kept 30 days). */
export class WebhookRepository {
  private readonly subscriptions: EntityStore<WebhookSubscription>;
  private readonly attempts: EntityStore<StoredAttempt>;

  constructor(private readonly table: TableRef) {
    this.subscriptions = new EntityStore(table, {
      entity: 'WebhookSubscription',
      schema: WebhookSubscription,
      key: webhookKeys.subscription,
      indexAttributes: webhookKeys.subscriptionIndex,
    });
    this.attempts = new EntityStore(table, {
      entity: 'WebhookDelivery',
      schema: WebhookDeliveryAttempt.extend({ id: WebhookDeliveryAttempt.shape.eventId }),
      key: (id) => {
        const [subscriptionId = '', eventId = '', attempt = '0'] = id.split('#');
        return webhookKeys.delivery(subscriptionId, eventId, Number(attempt));
      },
      indexAttributes: webhookKeys.deliveryIndex,
    });
  }

  get(subscriptionId: string): Promise<WebhookSubscription | undefined> {
    return this.subscriptions.get(subscriptionId);
  }

  create(subscription: WebhookSubscription): Promise<void> {
    return this.subscriptions.write([this.subscriptions.items.create(this.subscriptions.toItem(subscription))]);
  }

  update(before: WebhookSubscription, after: WebhookSubscription): Promise<void> {
    return this.subscriptions.write([
      this.subscriptions.items.replaceVersioned(this.subscriptions.toItem(after), before.version),
    ]);
  }

  delete(subscription: WebhookSubscription): Promise<void> {
    return this.subscriptions.write([
      this.subscriptions.items.deleteVersioned(webhookKeys.subscription(subscription.id), subscription.version),
    ]);
  }

  list(limit: number, cursor?: string): Promise<Page<WebhookSubscription>> {
    return this.subscriptions.page(webhookKeys.allSubscriptions(), { limit, cursor, newestFirst: false });
  }

  /** Logs an attempt (a retried logging of the same attempt rewrites it). */
  logAttempt(attempt: WebhookDeliveryAttempt): Promise<void> {
    const item = {
      ...this.attempts.toItem({ ...attempt, id: attemptId(attempt) }),
      expiresAt: Math.floor(Date.parse(attempt.at) / 1000) + deliveryLogSeconds,
    };
    return this.attempts.write([this.attempts.items.put(item)]);
  }

  /**
   * Claims this attempt before its POST: false while another delivery of the same event holds it (EventBridge
   * delivers at least once, sometimes twice at the same instant). The claim lapses after a minute.
   */
  async claimAttempt(subscriptionId: string, eventId: string, attempt: number, now: Date): Promise<boolean> {
    try {
      await this.table.db.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...webhookKeys.deliveryClaim(subscriptionId, eventId, attempt),
            entity: 'WebhookDeliveryClaim',
            leaseUntil: now.getTime() + attemptLeaseMs,
            expiresAt: Math.floor(now.getTime() / 1000) + deliveryLogSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives the claim back after the attempt failed before it was logged, so a retry makes it. */
  async releaseAttempt(subscriptionId: string, eventId: string, attempt: number): Promise<void> {
    await this.table.db.send(
      new DeleteCommand({
        TableName: this.table.tableName,
        Key: webhookKeys.deliveryClaim(subscriptionId, eventId, attempt),
      }),
    );
  }

  /** Whether this attempt of this event to this subscription was made (and logged). */
  async attempted(subscriptionId: string, eventId: string, attempt: number): Promise<boolean> {
    return (await this.attempts.get(`${subscriptionId}#${eventId}#${attempt}`)) !== undefined;
  }

  async deliveries(subscriptionId: string, limit: number, cursor?: string): Promise<Page<WebhookDeliveryAttempt>> {
    const page = await this.attempts.page(webhookKeys.deliveriesOf(subscriptionId), {
      limit,
      cursor,
      newestFirst: true,
    });
    return { ...page, items: page.items.map(({ id: _id, ...attempt }) => attempt) };
  }
}
