import type { DomainEvent } from '../events/catalog.ts';
import { timerName } from '../scheduling/timers.ts';
import type { WebhookSubscription } from './webhook.schema.ts';

/** After a failed attempt n (1-based), the next waits retryDelaysSeconds[n - 1]; none after the last. */
export const retryDelaysSeconds = [30, 120, 600, 3600, 3 * 3600, 6 * 3600, 12 * 3600] as const;
/** Failed attempts in a row (across events) after which a subscription is disabled. */
export const disableAfterConsecutiveFailures = 20;
/** A target has this long to answer. */
export const deliveryTimeoutMs = 10_000;

export const wantsEvent = (subscription: Pick<WebhookSubscription, 'status' | 'eventTypes'>, eventType: string) =>
  subscription.status === 'active' &&
  (subscription.eventTypes.includes('*') || subscription.eventTypes.includes(eventType));

/** The retry timer's name: one per subscription, event and attempt. */
export const retryTimerName = (subscriptionId: string, eventId: string, attempt: number) =>
  timerName('wh', subscriptionId, eventId, attempt);

/** When to try again after failed attempt `attempt`, or undefined when it was the last. */
export function nextAttemptAt(attempt: number, failedAt: Date): string | undefined {
  const delay = retryDelaysSeconds[attempt - 1];
  return delay === undefined ? undefined : new Date(failedAt.getTime() + delay * 1000).toISOString();
}

/** The body of a delivery, in the Standard Webhooks shape: type, timestamp, data. */
export function webhookPayload(event: DomainEvent): string {
  return JSON.stringify({ type: event.detailType, timestamp: event.detail.occurredAt, data: event.detail });
}

/** 2xx is delivered; 410 Gone means the target wants no more (disable at once); anything else is retried. */
export function classifyResponse(statusCode: number): 'delivered' | 'gone' | 'retry' {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  return statusCode === 410 ? 'gone' : 'retry';
}
