import * as z from 'zod';
import { eventCatalog, type EventType } from './catalog.ts';

/** `Lead Received` → `lead-received.v1.json`: where each event's JSON Schema is published (docs/events/). */
export const schemaFileOf = (type: EventType) => `${type.toLowerCase().replaceAll(' ', '-')}.v1.json`;

/**
 * The JSON Schema (2020-12) of an event as integrators receive it from EventBridge: the envelope's
 * `source` and `detail-type`, and the `detail` Relay defines. Generated from the same zod schema that
 * every event is validated against when it is built, so the published schema cannot drift.
 */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const entry = eventCatalog[type];
  const event = z.object({ source: z.literal(entry.source), 'detail-type': z.literal(type), detail: entry.detail });
  return {
    ...z.toJSONSchema(event, { target: 'draft-2020-12' }),
    $id: `https://schemas.relay.invalid/events/${schemaFileOf(type)}`,
    title: type,
    description: `Relay's "${type}" event (version 1), published by ${entry.source} on the stage's EventBridge bus.`,
  };
}

export const eventTypes = Object.keys(eventCatalog) as EventType[];
