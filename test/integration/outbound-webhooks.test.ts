import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { httpWebhookTransport } from '#functions/webhooks/http-transport.ts';
import { systemContext } from '#shared/context.ts';
import { ValidationFailed } from '#shared/errors.ts';
import { domainEvent } from '#shared/events/catalog.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { deliverEvent, retryDelivery, type WebhookDeliveryDeps } from '#shared/webhooks/webhook-delivery.service.ts';
import {
  createWebhookSubscription,
  listWebhookDeliveries,
  updateWebhookSubscription,
  type WebhookSubscriptionDeps,
} from '#shared/webhooks/webhook-subscription.service.ts';
import { createTestTable } from '../support/test-table.ts';

const webhookSigningKey = 'webhook-test-signing-key-0123456789';
let deps: Dependencies;
let server: Server;
let receiverUrl: string;
let answer = 200;
let received: { headers: IncomingMessage['headers']; body: string }[] = [];
let timers: Parameters<TimerScheduler['scheduleOnce']>[0][] = [];
let managing: WebhookSubscriptionDeps;
let delivering: WebhookDeliveryDeps;

beforeAll(async () => {
  deps = buildDependencies(await createTestTable(), systemContext);
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/relay-hooks`;
  // The local stack's settings: the receiver is on loopback.
  managing = { ...deps, webhookSigningKey, allowPrivateTargets: true };
  delivering = {
    ...deps,
    webhookSigningKey,
    transport: httpWebhookTransport({ allowPrivate: true }),
    timers: { scheduleOnce: async (timer) => void timers.push(timer) },
  };
});
beforeEach(() => {
  answer = 200;
  received = [];
  timers = [];
});
// Each test's subscriptions stop receiving when it ends, so the next test sees only its own deliveries.
afterEach(async () => {
  for (const subscription of (await deps.webhooks.list(100)).items.filter((candidate) => candidate.status === 'active'))
    await updateWebhookSubscription(managing, subscription.id, { status: 'disabled' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const dealWon = () =>
  domainEvent(
    'Deal Won',
    { dealId: 'D1', pipelineId: 'P1', amount: 1200, currency: 'EUR', dealType: 'new_business', contactId: 'C1' },
    { id: `evt-${Math.random().toString(36).slice(2)}`, occurredAt: '2026-11-23T10:00:00.000Z' },
  );

describe('outbound webhooks', () => {
  it('deliver a subscribed event signed with the Standard Webhooks scheme, and log it', async () => {
    const { subscription, secret } = await createWebhookSubscription(managing, {
      url: receiverUrl,
      eventTypes: ['Deal Won'],
    });
    expect(secret).toMatch(/^whsec_/);
    const event = dealWon();
    expect(await deliverEvent(delivering, event)).toEqual({ subscriptions: 1 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    // The receiver's check, with the secret it was given: it throws if anything was tampered with.
    const verified = new Webhook(secret).verify(delivery?.body ?? '', {
      'webhook-id': String(delivery?.headers['webhook-id']),
      'webhook-timestamp': String(delivery?.headers['webhook-timestamp']),
      'webhook-signature': String(delivery?.headers['webhook-signature']),
    });
    expect(verified).toEqual({ type: 'Deal Won', timestamp: '2026-11-23T10:00:00.000Z', data: event.detail });
    expect(delivery?.headers['webhook-id']).toBe(event.detail.id);
    expect((await listWebhookDeliveries(managing, subscription.id, { limit: 10 })).items).toEqual([
      expect.objectContaining({ eventId: event.detail.id, attempt: 1, outcome: 'delivered', statusCode: 200 }),
    ]);
    expect(
      await deliverEvent(
        delivering,
        domainEvent(
          'Deal Lost',
          { dealId: 'D2', pipelineId: 'P1' },
          { id: 'evt-lost', occurredAt: '2026-11-23T10:00:00.000Z' },
        ),
      ),
    ).toEqual({ subscriptions: 0 });
  });

  it('retry a failed delivery with backoff, and start counting afresh after a success', async () => {
    const { subscription } = await createWebhookSubscription(managing, { url: receiverUrl, eventTypes: ['*'] });
    const event = dealWon();
    answer = 503;
    await deliverEvent(delivering, event);
    const retry = timers.find((timer) => timer.payload.subscriptionId === subscription.id);
    expect(retry).toMatchObject({ target: 'webhook-delivery', payload: { attempt: 2 } });
    expect(Date.parse(retry?.at ?? '') - Date.now()).toBeGreaterThan(25_000);
    expect((await deps.webhooks.get(subscription.id))?.consecutiveFailures).toBe(1);

    answer = 204;
    expect(await retryDelivery(delivering, { subscriptionId: subscription.id, event, attempt: 2 })).toBe('delivered');
    expect((await deps.webhooks.get(subscription.id))?.consecutiveFailures).toBe(0);
    expect(
      (await listWebhookDeliveries(managing, subscription.id, { limit: 10 })).items.map((attempt) => [
        attempt.attempt,
        attempt.outcome,
      ]),
    ).toEqual([
      [2, 'delivered'],
      [1, 'failed'],
    ]);
    // Both attempts carry the event's id, so the receiver can drop the duplicate if both arrived.
    expect(new Set(received.map((delivery) => delivery.headers['webhook-id']))).toEqual(new Set([event.detail.id]));
  });

  it('disable a subscription after repeated failures, or at once on 410 Gone; re-enabling restarts the count', async () => {
    const { subscription } = await createWebhookSubscription(managing, { url: receiverUrl, eventTypes: ['*'] });
    const stored = (await deps.webhooks.get(subscription.id))!;
    await deps.webhooks.update(stored, { ...stored, consecutiveFailures: 19, version: stored.version + 1 });
    answer = 500;
    await deliverEvent(delivering, dealWon());
    expect(await deps.webhooks.get(subscription.id)).toMatchObject({
      status: 'disabled',
      consecutiveFailures: 20,
      disabledReason: '20 failed attempts in a row (last: failed)',
    });
    received = [];
    await deliverEvent(delivering, dealWon());
    expect(received).toHaveLength(0);
    expect(await updateWebhookSubscription(managing, subscription.id, { status: 'active' })).toMatchObject({
      status: 'active',
      consecutiveFailures: 0,
    });

    answer = 410;
    await deliverEvent(delivering, dealWon());
    expect(await deps.webhooks.get(subscription.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'the target answered 410 Gone',
    });
  });

  it('refuse private targets in AWS: when subscribing, and again at delivery (a name that resolves to loopback)', async () => {
    const inAws = { ...managing, allowPrivateTargets: false };
    await expect(createWebhookSubscription(inAws, { url: receiverUrl, eventTypes: ['*'] })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(
      createWebhookSubscription(inAws, { url: 'https://169.254.169.254/latest/meta-data/', eventTypes: ['*'] }),
    ).rejects.toThrow(/private/);
    const transport = httpWebhookTransport({ allowPrivate: false });
    const port = (server.address() as AddressInfo).port;
    expect(await transport.post(`http://127.0.0.1:${port}/x`, {}, '{}')).toMatchObject({ refused: true });
    // A public-looking https name that resolves to 127.0.0.1 is refused by the lookup, before any connection.
    expect(await transport.post(`https://localhost:${port}/x`, {}, '{}')).toMatchObject({
      refused: true,
      error: expect.stringContaining('private address'),
    });
    expect(received).toHaveLength(0);
  });
});
