import { outboxKeys } from '../db/keys.ts';
import type { DomainEvent } from './catalog.ts';

/** How long a relayed outbox item is kept for audit and replay before TTL removes it. */
const outboxRetentionSeconds = 7 * 24 * 3600;

/**
 * The outbox item that carries `event` out of the same transaction as the state change it describes,
 * so an event is published if and only if the change was committed.
 */
export function outboxItem(event: DomainEvent): Record<string, unknown> {
  const { id, occurredAt } = event.detail;
  return {
    ...outboxKeys.item(id),
    ...outboxKeys.pendingIndexAttributes(occurredAt, id),
    entity: 'OutboxEvent',
    source: event.source,
    detailType: event.detailType,
    detail: event.detail,
    expiresAt: Math.floor(Date.parse(occurredAt) / 1000) + outboxRetentionSeconds,
  };
}

/** Reads an outbox item back into the event it carries. */
export function eventFromOutboxItem(item: Record<string, unknown>): DomainEvent {
  return { source: item.source, detailType: item.detailType, detail: item.detail } as DomainEvent;
}
