import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const answers = [500, 200];

beforeAll(async () => {
  // Retries wait 30 s, then 2 min...: at this time scale, a few milliseconds.
  stack = await startLocalStack(['--time-scale', '10000']);
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('outbound webhooks on the local stack', () => {
  it('an admin subscribes a receiver; a new contact reaches it signed, after one failed attempt is retried', async () => {
    expect(
      (
        await stack.api(
          'POST',
          '/webhook-subscriptions',
          { url: receiverUrl, eventTypes: ['Contact Created'] },
          { as: 'marketing' },
        )
      ).status,
    ).toBe(403);
    const created = await stack.api('POST', '/webhook-subscriptions', {
      url: receiverUrl,
      eventTypes: ['Contact Created'],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const { subscription, secret } = created.json as { subscription: { id: string }; secret: string };
    const contact = await stack.api('POST', '/contacts', { email: 'hooked@example.com' });

    await eventually(
      async () => received.length,
      (count) => count === 2,
      15_000,
    );
    const [first, second] = received;
    expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
    const payload = new Webhook(secret).verify(second?.body ?? '', {
      'webhook-id': String(second?.headers['webhook-id']),
      'webhook-timestamp': String(second?.headers['webhook-timestamp']),
      'webhook-signature': String(second?.headers['webhook-signature']),
    }) as { type: string; data: { contactId: string } };
    expect(payload).toMatchObject({ type: 'Contact Created', data: { contactId: contact.json.id } });
    const log = await eventually(
      async () =>
        (await stack.api('GET', `/webhook-subscriptions/${subscription.id}/deliveries`)).json.items as {
          attempt: number;
          outcome: string;
        }[],
      (items) => items.length === 2,
    );
    expect(log.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([
      [2, 'delivered'],
      [1, 'failed'],
    ]);
  }, 60_000);
});
