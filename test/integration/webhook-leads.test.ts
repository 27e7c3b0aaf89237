import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { Unauthenticated, UnprocessableContent, ValidationFailed } from '#shared/errors.ts';
import { receiveWebhookLead } from '#shared/leads/webhook-lead.service.ts';
import { createTestTable } from '../support/test-table.ts';
import { forgedDeliveries } from '../support/webhook-forgeries.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));
afterEach(() => vi.useRealTimers());

const oldSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const newSecret = `whsec_${Buffer.from('a brand new rotated secret key!!').toString('base64')}`;
const sources = { crm: [newSecret], rotating: [oldSecret, newSecret] };

function signed(body: string, options: { secret?: string; id?: string; at?: Date } = {}) {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? newSecret).sign(id, at, body);
  return {
    rawBody: Buffer.from(body),
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}
const lead = (email: string) =>
  JSON.stringify({ contact: { email, firstName: 'Partner' }, consent: { granted: true, version: 'partner-v1' } });
const deliver = (sourceId: string, delivery: ReturnType<typeof signed>) =>
  receiveWebhookLead(deps, sources, { sourceId, ...delivery });

describe('signed lead webhooks (Standard Webhooks)', () => {
  it("verifies the specification's published test vector", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1614265330 * 1000);
    const vector = {
      rawBody: Buffer.from('{"test": 2432232314}'),
      headers: {
        'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        'webhook-timestamp': '1614265330',
        'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      },
    };
    // The signature verifies; the body is then refused for not being a lead (400, not 401).
    await expect(
      receiveWebhookLead(deps, { vector: [oldSecret] }, { sourceId: 'vector', ...vector }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    const tampered = { ...vector, rawBody: Buffer.from('{"test": 2432232315}') };
    await expect(
      receiveWebhookLead(deps, { vector: [oldSecret] }, { sourceId: 'vector', ...tampered }),
    ).rejects.toBeInstanceOf(Unauthenticated);
  });

  it('receives a lead once per webhook-id: replays get the first answer, another payload under the same id gets 422', async () => {
    const delivery = signed(lead('partner.lead@example.com'), { id: 'msg_once' });
    const first = await deliver('crm', delivery);
    expect(first).toMatchObject({ replayed: false, response: { status: 202 } });
    const again = await deliver('crm', delivery);
    expect(again).toEqual({ replayed: true, response: first.response });
    const contactId = await deps.contacts.findIdByEmail('partner.lead@example.com');
    expect(await deps.contacts.get(contactId as string)).toMatchObject({
      consent: { status: 'granted', textVersion: 'partner-v1' },
    });
    await expect(deliver('crm', signed(lead('someone.else@example.com'), { id: 'msg_once' }))).rejects.toBeInstanceOf(
      UnprocessableContent,
    );
  });

  it('refuses a lead whose campaignId is no campaign id with 400, before anything is written', async () => {
    for (const campaignId of ['x'.repeat(5000), '../campaigns', '']) {
      const body = JSON.stringify({ contact: { email: 'campaign.id@example.com' }, campaignId });
      await expect(deliver('crm', signed(body))).rejects.toBeInstanceOf(ValidationFailed);
    }
    expect(await deps.contacts.findIdByEmail('campaign.id@example.com')).toBeUndefined();
  });

  it("accepts any of a source's secrets and any of several signatures, for key rotation", async () => {
    await expect(deliver('rotating', signed(lead('rot1@example.com'), { secret: oldSecret }))).resolves.toMatchObject({
      response: { status: 202 },
    });
    const both = signed(lead('rot2@example.com'), { secret: newSecret });
    both.headers['webhook-signature'] = `v1,bm90IHRoZSByaWdodCBvbmU= ${both.headers['webhook-signature']}`;
    await expect(deliver('crm', both)).resolves.toMatchObject({ response: { status: 202 } });
  });

  it('refuses stale or future timestamps, missing headers, unknown sources and other secrets with 401, writing nothing', async () => {
    const tooOld = signed(lead('old@example.com'), { at: new Date(Date.now() - 301_000) });
    const tooNew = signed(lead('new@example.com'), { at: new Date(Date.now() + 301_000) });
    const missing = signed(lead('missing@example.com'));
    delete (missing.headers as Record<string, string>)['webhook-timestamp'];
    const wrongSecret = signed(lead('wrong@example.com'), { secret: oldSecret });
    for (const [source, delivery] of [
      ['crm', tooOld],
      ['crm', tooNew],
      ['crm', missing],
      ['nobody', signed(lead('nobody@example.com'))],
      ['crm', wrongSecret],
    ] as const) {
      await expect(deliver(source, delivery)).rejects.toBeInstanceOf(Unauthenticated);
    }
    for (const email of [
      'old@example.com',
      'new@example.com',
      'missing@example.com',
      'nobody@example.com',
      'wrong@example.com',
    ]) {
      expect(await deps.contacts.findIdByEmail(email)).toBeUndefined();
    }
  });

  it('refuses every single-byte change to the body, the id or the signature (property test)', async () => {
    const email = 'property@example.com';
    const original = signed(lead(email), { id: 'msg_property' });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('body', 'id', 'signature'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (part, position, xor) => {
          const delivery = { rawBody: Buffer.from(original.rawBody), headers: { ...original.headers } };
          if (part === 'body') {
            const index = position % delivery.rawBody.length;
            delivery.rawBody[index] = (delivery.rawBody[index] as number) ^ xor;
          } else {
            const header = part === 'id' ? 'webhook-id' : 'webhook-signature';
            const value = Buffer.from(delivery.headers[header]);
            const index = (part === 'signature' ? 3 : 0) + (position % (value.length - (part === 'signature' ? 3 : 0)));
            value[index] = (value[index] as number) ^ xor;
            delivery.headers[header] = value.toString('latin1');
          }
          await expect(deliver('crm', delivery)).rejects.toBeInstanceOf(Unauthenticated);
        },
      ),
      { numRuns: 200 },
    );
    expect(await deps.contacts.findIdByEmail(email)).toBeUndefined();
  });

  it('accepts no forgery: unsigned, another secret, tampered, out of window, another id, malformed headers, replayed id (property test)', async () => {
    const genuine = signed(lead('genuine.forgery.check@example.com'), { id: 'msg_genuine' });
    expect(await deliver('crm', genuine)).toMatchObject({ response: { status: 202 } });
    const emails: string[] = [];
    await fc.assert(
      fc.asyncProperty(forgedDeliveries(newSecret, genuine), async (forgery) => {
        emails.push(forgery.email);
        await expect(
          receiveWebhookLead(deps, sources, { sourceId: 'crm', ...forgery }),
          forgery.kind,
        ).rejects.toBeInstanceOf(Unauthenticated);
      }),
      { numRuns: 300, seed: 10 },
    );
    for (const email of new Set(emails)) expect(await deps.contacts.findIdByEmail(email)).toBeUndefined();
  });
});
