import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog } from '#shared/events/catalog.ts';
import { eventJsonSchema, eventTypes, schemaFileOf } from '#shared/events/event-schemas.ts';
import { repositoryRoot } from '#infra/paths.ts';

/** Writes docs/events/: one JSON Schema per event, and index.json listing them (a test fails when they are stale). */
export const eventsDirectory = join(repositoryRoot, 'docs', 'events');
export const renderEventSchemas = (): Record<string, string> => ({
  ...Object.fromEntries(
    eventTypes.map((type) => [schemaFileOf(type), `${JSON.stringify(eventJsonSchema(type), null, 2)}\n`]),
  ),
  'index.json': `${JSON.stringify({ events: eventTypes.map((type) => ({ detailType: type, source: eventCatalog[type].source, version: 1, schema: schemaFileOf(type) })) }, null, 2)}\n`,
});

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(eventsDirectory, { recursive: true });
  const files = renderEventSchemas();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(eventsDirectory, name), content);
  console.log(`Wrote ${Object.keys(files).length - 1} event schemas and index.json to ${eventsDirectory}`);
}
