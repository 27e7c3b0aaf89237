import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repositoryRoot } from '#infra/paths.ts';

const directory = join(repositoryRoot, 'docs', 'events');
const index = JSON.parse(readFileSync(join(directory, 'index.json'), 'utf8')) as {
  events: { detailType: string; schema: string }[];
};

/**
 * Validates an event as integrators receive it against the JSON Schema published in docs/events/
 * (the committed files, not the zod source): what an integrator's validator would say.
 */
export function publishedSchemaErrors<Event extends { source: string; 'detail-type': string; detail: unknown }>(
  event: Event,
): string[] {
  const ajv = validators();
  const validate = ajv.get(event['detail-type']);
  if (!validate) return [`no published schema for "${event['detail-type']}"`];
  if (validate(event)) return [];
  return (validate.errors ?? []).map(
    (error) => `${event['detail-type']} ${error.instancePath || '/'}: ${error.message ?? ''}`,
  );
}

let compiled: Map<string, ReturnType<Ajv2020['compile']>> | undefined;
function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
  compiled = new Map(
    index.events.map(({ detailType, schema }) => [
      detailType,
      ajv.compile(JSON.parse(readFileSync(join(directory, schema), 'utf8')) as object),
    ]),
  );
  return compiled;
}
