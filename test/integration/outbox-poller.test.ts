import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '#functions/dependencies.ts';
import { createContact, type ContactDeps } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { LocalEventBus } from '../../local/event-bus.ts';
import { afterEveryInvocation, loadHandler } from '../../local/handler-loader.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { startOutboxPoller, type OutboxPoller } from '../../local/outbox-poller.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { eventually } from '../support/eventually.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: ContactDeps;
let poller: OutboxPoller | undefined;

beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
});
afterEach(async () => {
  await poller?.stop();
  poller = undefined;
});

const createdFor = (bus: LocalEventBus, contactId: string) =>
  bus.events().filter((event) => event.detail.contactId === contactId);

describe('the local outbox poller', () => {
  it('relays a write as soon as it is kicked, without waiting for its idle sweep', async () => {
    const bus = new LocalEventBus();
    // An idle sweep so far away that only the kick can relay the event within the test.
    poller = startOutboxPoller(
      { outbox: new OutboxRepository(table), publisher: bus, context: systemContext },
      { idleIntervalMs: 600_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // its first sweep (of nothing) is over
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(createdFor(bus, contact.id)).toEqual([]);
    poller.kick();
    const relayed = await eventually(
      async () => createdFor(bus, contact.id),
      (events) => events.length > 0,
      5_000,
    );
    expect(relayed.map((event) => event['detail-type'])).toEqual(['Contact Created']);
  });

  it('still sweeps every idle interval, for writes no handler made', async () => {
    const bus = new LocalEventBus();
    poller = startOutboxPoller(
      { outbox: new OutboxRepository(table), publisher: bus, context: systemContext },
      { idleIntervalMs: 200 },
    );
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const relayed = await eventually(
      async () => createdFor(bus, contact.id),
      (events) => events.length > 0,
      5_000,
    );
    expect(relayed).toHaveLength(1);
  });

  it('hears of every handler invocation as it ends, whether the handler answered or threw', async () => {
    let heard = 0;
    const stopListening = afterEveryInvocation(() => heard++);
    try {
      const slow = await loadHandler('test/support/handlers/slow.ts');
      await slow({ waitMs: 1 }, lambdaContext('slow'));
      expect(heard).toBe(1);
      await expect(slow(null, lambdaContext('slow'))).rejects.toThrow();
      expect(heard).toBe(2);
    } finally {
      stopListening();
    }
    await (
      await loadHandler('test/support/handlers/slow.ts')
    )({ waitMs: 1 }, lambdaContext('slow'));
    expect(heard).toBe(2);
  });
});
