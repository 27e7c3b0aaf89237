import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { TimerScheduler } from '../scheduling/timers.ts';
import { readAll } from '../db/pagination.ts';
import type { WebhookRepository } from './webhook.repository.ts';
import type { WebhookDeliveryAttempt, WebhookSubscription } from './webhook.schema.ts';
import {
  classifyResponse,
  disableAfterConsecutiveFailures,
  nextAttemptAt,
  retryTimerName,
  wantsEvent,
  webhookPayload,
} from './webhook-delivery.rules.ts';
import { subscriptionSecret } from './webhook-secret.ts';
import type { WebhookTransport } from './webhook-transport.ts';

export interface WebhookDeliveryDeps {
  webhooks: WebhookRepository;
  transport: WebhookTransport;
  timers: TimerScheduler;
  context: AppContext;
  webhookSigningKey: string;
}

/** A retry of one event to one subscription, as its timer carries it. */
export interface DeliveryRetry {
  subscriptionId: string;
  event: DomainEvent;
  attempt: number;
}

/**
 * A domain event → a first attempt to every active subscription that wants it. The bus delivers at
 * least once (the relay republishes after a crash), so a subscription whose first attempt is already
 * logged is skipped; only a crash between the POST and its log sends twice, with the same webhook-id.
 */
export async function deliverEvent(deps: WebhookDeliveryDeps, event: DomainEvent): Promise<{ subscriptions: number }> {
  const subscriptions = (await readAll((cursor) => deps.webhooks.list(100, cursor))).filter((subscription) =>
    wantsEvent(subscription, event.detailType),
  );
  await Promise.all(
    subscriptions.map(async (subscription) => {
      if (await deps.webhooks.attempted(subscription.id, event.detail.id, 1)) return;
      // A second delivery of the event, at the same instant, finds the first one's claim.
      if (await deps.webhooks.claimAttempt(subscription.id, event.detail.id, 1, deps.context.now()))
        await claimedAttempt(deps, subscription, event, 1);
    }),
  );
  return { subscriptions: subscriptions.length };
}

/** A retry timer fired: try again, unless the subscription was deleted or disabled meanwhile. */
export async function retryDelivery(
  deps: WebhookDeliveryDeps,
  retry: DeliveryRetry,
): Promise<WebhookDeliveryAttempt['outcome'] | 'skipped'> {
  const subscription = await deps.webhooks.get(retry.subscriptionId);
  if (!subscription || !wantsEvent(subscription, retry.event.detailType)) return 'skipped';
  if (!(await deps.webhooks.claimAttempt(subscription.id, retry.event.detail.id, retry.attempt, deps.context.now())))
    return 'skipped';
  return claimedAttempt(deps, subscription, retry.event, retry.attempt);
}

/** An attempt whose claim is held: a failure (before it was logged) gives the claim back for the retry. */
async function claimedAttempt(
  deps: WebhookDeliveryDeps,
  subscription: WebhookSubscription,
  event: DomainEvent,
  attemptNumber: number,
): Promise<WebhookDeliveryAttempt['outcome']> {
  try {
    return await attempt(deps, subscription, event, attemptNumber);
  } catch (error) {
    await deps.webhooks.releaseAttempt(subscription.id, event.detail.id, attemptNumber);
    throw error;
  }
}

/**
 * One signed attempt (Standard Webhooks: webhook-id is the event id, so receivers dedupe on it). A
 * failure schedules the next attempt by the backoff; failures in a row, or a 410, disable the
 * subscription. Every attempt is logged.
 */
async function attempt(
  deps: WebhookDeliveryDeps,
  subscription: WebhookSubscription,
  event: DomainEvent,
  attemptNumber: number,
): Promise<WebhookDeliveryAttempt['outcome']> {
  const body = webhookPayload(event);
  const sentAt = deps.context.now();
  const signature = new Webhook(
    subscriptionSecret(deps.webhookSigningKey, subscription.id, subscription.secretVersion),
  ).sign(event.detail.id, sentAt, body);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Relay-Webhooks/1',
    'webhook-id': event.detail.id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const result = await deps.transport.post(subscription.url, headers, body);
  const durationMs = Math.max(0, deps.context.now().getTime() - sentAt.getTime());
  const verdict = 'statusCode' in result ? classifyResponse(result.statusCode) : 'retry';
  const outcome: WebhookDeliveryAttempt['outcome'] =
    verdict === 'delivered' ? 'delivered' : 'error' in result && result.refused ? 'refused' : 'failed';
  const retryAt =
    verdict === 'retry' && outcome !== 'refused' ? nextAttemptAt(attemptNumber, deps.context.now()) : undefined;
  await deps.webhooks.logAttempt({
    subscriptionId: subscription.id,
    eventId: event.detail.id,
    eventType: event.detailType,
    attempt: attemptNumber,
    at: sentAt.toISOString(),
    outcome,
    ...('statusCode' in result ? { statusCode: result.statusCode } : { error: result.error.slice(0, 500) }),
    durationMs,
    ...(retryAt ? { nextAttemptAt: retryAt } : {}),
  });
  if (retryAt)
    await deps.timers.scheduleOnce({
      name: retryTimerName(subscription.id, event.detail.id, attemptNumber + 1),
      target: 'webhook-delivery',
      at: retryAt,
      payload: { subscriptionId: subscription.id, event, attempt: attemptNumber + 1 } as unknown as Record<
        string,
        unknown
      >,
    });
  await recordHealth(deps, subscription.id, verdict, outcome);
  return outcome;
}

/** Counts failures in a row; disables the subscription at the threshold, or at once on 410 Gone. */
async function recordHealth(
  deps: WebhookDeliveryDeps,
  subscriptionId: string,
  verdict: 'delivered' | 'gone' | 'retry',
  outcome: WebhookDeliveryAttempt['outcome'],
): Promise<void> {
  for (let tries = 0; tries < 5; tries++) {
    const current = await deps.webhooks.get(subscriptionId);
    if (!current) return;
    const failures = verdict === 'delivered' ? 0 : current.consecutiveFailures + 1;
    if (failures === current.consecutiveFailures) return;
    const disable = current.status === 'active' && (verdict === 'gone' || failures >= disableAfterConsecutiveFailures);
    const reason =
      verdict === 'gone' ? 'the target answered 410 Gone' : `${failures} failed attempts in a row (last: ${outcome})`;
    const after: WebhookSubscription = {
      ...current,
      consecutiveFailures: failures,
      ...(disable ? { status: 'disabled' as const, disabledReason: reason } : {}),
      version: current.version + 1,
      updatedAt: isoNow(deps.context),
    };
    try {
      await deps.webhooks.update(current, after);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error; // concurrent deliveries: count again
    }
  }
}
