import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { DomainEvent } from './catalog.ts';
import { eventFromOutboxItem } from './outbox.ts';
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

type RelayDeps = { outbox: OutboxRepository; publisher: EventPublisher; context: AppContext };

export interface SweepResult {
  relayed: number;
  /** Ids of pending items that no longer validate: left pending (and logged by the caller), never published. */
  unreadable: string[];
}

/**
 * Relays the pending outbox items that occurred more than `olderThanSeconds` ago, oldest first, up to
 * `maxEvents`, through relayEvents (the stream relay's own path: publish, then mark relayed; an event
 * published twice keeps its id, and subscribers dedupe on `detail.id`). In AWS the scheduled sweeper
 * runs this for events the stream relay gave up on (its DLQ gets shard metadata, not the records);
 * locally the outbox poller runs it with no age, as the stream's stand-in.
 */
export async function sweepPendingEvents(
  deps: RelayDeps,
  options: { olderThanSeconds: number; maxEvents: number; batchSize?: number },
): Promise<SweepResult> {
  const cutoff =
    options.olderThanSeconds > 0
      ? new Date(deps.context.now().getTime() - options.olderThanSeconds * 1000).toISOString()
      : undefined;
  const batchSize = Math.min(options.batchSize ?? 50, options.maxEvents);
  const result: SweepResult = { relayed: 0, unreadable: [] };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.outbox.pendingBefore(cutoff, { limit: batchSize, ...(startKey ? { startKey } : {}) });
    const events: DomainEvent[] = [];
    for (const item of page.items) {
      try {
        events.push(eventFromOutboxItem(item));
      } catch {
        result.unreadable.push(String(item.pk));
      }
    }
    result.relayed += await relayEvents(events, deps);
    startKey = page.lastKey;
  } while (startKey && result.relayed < options.maxEvents);
  return result;
}

/** How long the oldest pending event has waited, in seconds (0 when none waits): the sweeper's alarm metric. */
export async function oldestPendingAgeSeconds(deps: Pick<RelayDeps, 'outbox' | 'context'>): Promise<number> {
  const oldest = await deps.outbox.oldestPendingAt();
  if (!oldest) return 0;
  return Math.max(0, Math.floor((deps.context.now().getTime() - Date.parse(oldest)) / 1000));
}

/** Drains up to `batchSize` pending outbox items, however recent (the local poller's entry: the sweep with no age). */
export async function relayPendingEvents(deps: RelayDeps, batchSize = 50): Promise<number> {
  return (await sweepPendingEvents(deps, { olderThanSeconds: 0, maxEvents: batchSize, batchSize })).relayed;
}
