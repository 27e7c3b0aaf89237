import { outboxKeys } from '../db/keys.ts';
import type { TransactItem } from '../db/transactions.ts';
import { eventCatalog, type DomainEvent, type EventType } from './catalog.ts';

/** The `entity` of outbox items (writeTransaction recognises their puts by it). */
export const outboxEntity = 'OutboxEvent';

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
    entity: outboxEntity,
    source: event.source,
    detailType: event.detailType,
    detail: event.detail,
    expiresAt: Math.floor(Date.parse(occurredAt) / 1000) + outboxRetentionSeconds,
  };
}

/**
 * The transaction item that queues `event`: a Put conditional on its id being new. An event id names
 * one logical happening (derived ids name a step: `<causation>.scored`, `sent-<message key>`), so an
 * existing item means the step that writes it already committed, and it may be relayed already: a
 * retried step must not put it back to pending (published twice). writeTransaction answers such a
 * retry `already-written` and applies nothing (see shared/db/transactions.ts).
 */
export function outboxPut(tableName: string, event: DomainEvent): TransactItem {
  return { Put: { TableName: tableName, Item: outboxItem(event), ConditionExpression: 'attribute_not_exists(pk)' } };
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
