import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { DomainEvent } from './catalog.ts';
import type { OutboxRepository } from './outbox.repository.ts';

/** Where relayed events go: EventBridge in AWS, the local bus on `npm start`. */
export interface EventPublisher {
  /** Publishes every event or throws; partial failures must be retried or thrown by the publisher. */
  publish(events: DomainEvent[]): Promise<void>;
}

/**
 * Publishes events then marks them relayed. A crash between the two republishes them later,
 * so delivery is at-least-once and consumers dedupe on `detail.id`; nothing is ever lost.
 */
export async function relayEvents(
  events: DomainEvent[],
  deps: { outbox: OutboxRepository; publisher: EventPublisher; context: AppContext },
): Promise<number> {
  if (events.length === 0) return 0;
  await deps.publisher.publish(events);
  const relayedAt = isoNow(deps.context);
  await Promise.all(events.map((event) => deps.outbox.markRelayed(event.detail.id, relayedAt)));
  return events.length;
}

/** Drains up to `batchSize` pending outbox items (the local poller's and a sweeper's entry). */
export async function relayPendingEvents(
  deps: { outbox: OutboxRepository; publisher: EventPublisher; context: AppContext },
  batchSize = 50,
): Promise<number> {
  return relayEvents(await deps.outbox.listPending(batchSize), deps);
}
