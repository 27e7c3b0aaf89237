import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

let stack: RunningStack;
let campaignId: string;
let contactId: string;
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const example = parseYaml(
  readFileSync(new URL('../../examples/campaigns/trial-nurture.yaml', import.meta.url), 'utf8'),
) as unknown;
const content = {
  subject: 'برای {{ contact.firstName }}',
  html: '<p dir="rtl">سلام {{ contact.firstName }}</p><a href="{{ unsubscribeUrl }}">لغو</a>',
  text: 'سلام {{ contact.firstName }}',
};

beforeAll(async () => {
  stack = await startLocalStack();
  campaignId = (await stack.api('POST', '/campaigns', example, { as: 'marketing' })).json.id;
  contactId = (await stack.api('POST', '/contacts', { email: 'dariush@example.com', firstName: 'داریوش' })).json.id;
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

describe('the email editor’s routes over HTTP', () => {
  it('previews unsaved templates for a contact, as the email would go out from this stack', async () => {
    const { status, json } = await stack.api(
      'POST',
      `/campaigns/${campaignId}/preview`,
      { stepId: 'welcome', contactId, content },
      { as: 'marketing' },
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({
      subject: 'برای داریوش',
      to: 'dariush@example.com',
      replyTo: 'replies@relay.local',
      unsubscribeUrl: `${stack.apiUrl}/unsubscribe?token=preview-only`,
    });
    // The preview's link unsubscribes nobody.
    const unsubscribe = await fetch(json.unsubscribeUrl);
    expect(unsubscribe.status).toBeGreaterThanOrEqual(400);
    expect((await stack.api('GET', `/contacts/${contactId}`)).json.consent?.status).not.toBe('withdrawn');
  });

  it('sends a test to marketing’s own address once per Idempotency-Key, through the user pool and the local outbox', async () => {
    const before = (await outbox()).length;
    const send = (key?: string) =>
      stack.api(
        'POST',
        `/campaigns/${campaignId}/test-sends`,
        { stepId: 'welcome', contactId, content },
        { as: 'marketing', headers: key ? { 'idempotency-key': key } : {} },
      );
    const [first, second] = await Promise.all([send('click-1'), send('click-1')]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.json).toEqual(second.json);
    expect(first.json).toMatchObject({ to: 'marketing@relay.example', subject: '[Test] برای داریوش', contactId });
    const sent = (await outbox()).slice(before);
    expect(sent.map((mail) => [mail.destination.to, mail.subject])).toEqual([
      [['marketing@relay.example'], '[Test] برای داریوش'],
    ]);
    expect(sent[0]?.headers).toContainEqual({ name: 'X-Relay-Test-Send', value: 'true' });

    const missing = await send();
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ pointer: '/idempotency-key', message: expect.any(String) }]);
    // The contact's timeline shows no email: a test is not a send to them.
    const timeline = (await stack.api('GET', `/contacts/${contactId}/timeline`)).json.items as { kind: string }[];
    expect(timeline.filter((entry) => entry.kind === 'activity')).toEqual([]);
  });

  it('refuses a sales rep (403) and a template error with its part and line (400)', async () => {
    const refused = await stack.api(
      'POST',
      `/campaigns/${campaignId}/test-sends`,
      { stepId: 'welcome' },
      { as: 'salesAda', headers: { 'idempotency-key': 'k' } },
    );
    expect(refused.status).toBe(403);
    const invalid = await stack.api(
      'POST',
      `/campaigns/${campaignId}/test-sends`,
      { stepId: 'welcome', content: { ...content, html: '<p>\n{{ contact.nickname }}</p>' } },
      { as: 'marketing', headers: { 'idempotency-key': 'bad-template' } },
    );
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors).toEqual([
      { pointer: '/content/html', message: 'undefined variable: contact.nickname, line:2, col:4' },
    ]);
  });
});
