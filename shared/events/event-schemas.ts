import * as z from 'zod';
import { eventCatalog, type EventType } from './catalog.ts';

/** `Lead Received` → `lead-received.v1.json`: where each event's JSON Schema is published (docs/events/). */
export const schemaFileOf = (type: EventType) => `${type.toLowerCase().replaceAll(' ', '-')}.v1.json`;

/**
 * The fields EventBridge adds around every event it delivers (its documented event structure). They are
 * optional, so the same schema validates a whole delivered event and just its `source`/`detail-type`/`detail`.
 */
const eventBridgeEnvelope = {
  version: z.literal('0').optional(),
  id: z.string().optional(),
  account: z.string().optional(),
  time: z.iso.datetime().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  'replay-name': z.string().optional(),
};

/**
 * The JSON Schema (2020-12) of an event as integrators receive it from EventBridge: the whole envelope,
 * with `source` and `detail-type` fixed, and the `detail` Relay defines. Generated from the same zod schema
 * that every event is validated against when it is built, so the published schema cannot drift.
 */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const entry = eventCatalog[type];
  const event = z.object({
    ...eventBridgeEnvelope,
    source: z.literal(entry.source),
    'detail-type': z.literal(type),
    detail: entry.detail,
  });
  return {
    ...z.toJSONSchema(event, { target: 'draft-2020-12' }),
    $id: `https://schemas.relay.invalid/events/${schemaFileOf(type)}`,
    title: type,
    description: `Relay's "${type}" event (version 1), published by ${entry.source} on the stage's EventBridge bus.`,
  };
}

export const eventTypes = Object.keys(eventCatalog) as EventType[];
