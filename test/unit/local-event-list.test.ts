import { describe, expect, it } from 'vitest';
import { domainEvent } from '#shared/events/catalog.ts';
import { LocalEventBus } from '#local/event-bus.ts';
import { localEndpoints } from '#local/local-endpoints.ts';

const contactCreated = (n: number) =>
  domainEvent(
    'Contact Created',
    { contactId: `contact-${n}`, lifecycleStage: 'lead' },
    { id: `event-${n}`, occurredAt: `2026-12-01T10:00:0${n}.000Z` },
  );

/** GET /_local/events as a client reads it. */
async function listEvents(bus: LocalEventBus): Promise<Record<string, unknown>> {
  const endpoints = localEndpoints({ bus } as unknown as Parameters<typeof localEndpoints>[0]);
  let body = '';
  const response = {
    writeHead: () => response,
    setHeader: () => response,
    end: (chunk?: string) => void (body += chunk ?? ''),
    write: (chunk: string) => void (body += chunk),
  };
  await endpoints['GET /_local/events']!({} as never, response as never, new URL('http://127.0.0.1/_local/events'));
  return JSON.parse(body) as Record<string, unknown>;
}

describe('GET /_local/events', () => {
  it('says when it no longer lists the oldest events, and where all of them are', async () => {
    const bus = new LocalEventBus('/tmp/relay-local-event-list/events.jsonl', { keptInMemory: 3 });
    await bus.publish([1, 2, 3].map(contactCreated));
    expect(await listEvents(bus)).toMatchObject({ truncated: false });
    await bus.publish([4, 5].map(contactCreated));
    const listed = await listEvents(bus);
    expect((listed.events as { detail: { id: string } }[]).map((event) => event.detail.id)).toEqual([
      'event-3',
      'event-4',
      'event-5',
    ]);
    expect(listed).toMatchObject({
      truncated: true,
      note: 'Only the newest 3 events are listed; 2 older ones are not, but every event is in /tmp/relay-local-event-list/events.jsonl.',
    });
  });
});
