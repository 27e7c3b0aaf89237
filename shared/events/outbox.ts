import { outboxKeys } from '../db/keys.ts';
import { eventCatalog, type DomainEvent, type EventType } from './catalog.ts';

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

/**
 * Reads an outbox item back into the event it carries, re-validated against the catalog (which also
 * restores the schema's field order that the DynamoDB map lost). An item that no longer validates
 * throws, so the relay parks it (DLQ in AWS) rather than publishing something integrators cannot parse.
 */
export function eventFromOutboxItem(item: Record<string, unknown>): DomainEvent {
  const detailType = item.detailType as EventType;
  const entry = eventCatalog[detailType];
  if (!entry) throw new Error(`Outbox item ${String(item.pk)} has an unknown event type ${String(detailType)}`);
  return { source: entry.source, detailType, detail: entry.detail.parse(item.detail) } as DomainEvent;
}
