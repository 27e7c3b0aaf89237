import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '#functions/dependencies.ts';
import { createContact, type ContactDeps } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { eventCatalog, type DomainEvent } from '#shared/events/catalog.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { relayPendingEvents, type EventPublisher } from '#shared/events/relay.ts';
import { LocalEventBus } from '../../local/event-bus.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: ContactDeps;

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
});

/** Drains the outbox completely, as the poller does. */
async function drain(outbox: OutboxRepository, publisher: EventPublisher) {
  while ((await relayPendingEvents({ outbox, publisher, context: systemContext })) > 0);
}

describe('outbox relay', () => {
  it('publishes every committed change once, in order, and empties the pending index', async () => {
    const bus = new LocalEventBus();
    const outbox = new OutboxRepository(table);
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await drain(outbox, bus);
    const published = bus.events().filter((event) => event.detail.contactId === contact.id);
    expect(published.map((event) => event['detail-type'])).toEqual(['Contact Created']);
    expect(published[0]).toMatchObject({ source: 'relay.contacts', detail: { version: 1, contactId: contact.id } });
    expect(eventCatalog['Contact Created'].detail.safeParse(published[0]?.detail).success).toBe(true);
    expect(await outbox.listPending(10)).toEqual([]);
  });

  it('keeps events pending when publishing fails, and delivers them on the next round', async () => {
    const outbox = new OutboxRepository(table);
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const failing: EventPublisher = { publish: async () => Promise.reject(new Error('bus unavailable')) };
    await expect(relayPendingEvents({ outbox, publisher: failing, context: systemContext })).rejects.toThrow(
      'bus unavailable',
    );
    expect((await outbox.listPending(10)).map((event) => event.detail.id)).toHaveLength(1);
    const bus = new LocalEventBus();
    await drain(outbox, bus);
    expect(bus.events().map((event) => event.detail.contactId)).toEqual([contact.id]);
  });

  it('loses nothing when the relay crashes after publishing but before marking: the event comes again with the same id', async () => {
    const bus = new LocalEventBus();
    const crashing = new (class extends OutboxRepository {
      crashes = 1;
      override async markRelayed(eventId: string, relayedAt: string) {
        if (this.crashes-- > 0) throw new Error('crashed before marking');
        return super.markRelayed(eventId, relayedAt);
      }
    })(table);
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await expect(relayPendingEvents({ outbox: crashing, publisher: bus, context: systemContext })).rejects.toThrow(
      'crashed',
    );
    await drain(crashing, bus);
    const deliveries = bus.events().filter((event) => event.detail.contactId === contact.id);
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((event) => event.detail.id)).size).toBe(1);
    expect(await crashing.listPending(10)).toEqual([]);
  });

  it('hands matching events to rules, as EventBridge rules do', async () => {
    const bus = new LocalEventBus();
    const received: DomainEvent['detail'][] = [];
    bus.addRule({
      name: 'owned-contacts',
      pattern: { 'detail-type': ['Contact Created'], detail: { ownerId: [{ exists: true }] } },
      target: (event) => received.push(event.detail as DomainEvent['detail']),
    });
    const owned = await createContact(deps, aContactRequest({ ownerId: '01JDEM00WNER00000000000ADA' }), anAdmin());
    await createContact(deps, aContactRequest(), anAdmin());
    await drain(new OutboxRepository(table), bus);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received.map((detail) => (detail as { contactId: string }).contactId)).toEqual([owned.id]);
  });
});
