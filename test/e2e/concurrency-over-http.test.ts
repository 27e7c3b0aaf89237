import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(async () => void (await stack?.stop()));

const times = <T>(count: number, make: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, i) => make(i)));
const leadsReceived = async () =>
  (await stack.api('GET', '/_local/events?detailType=Lead%20Received', undefined, { as: null })).json.events as {
    detail: { contactId: string; submissionId: string; sourceKind: string };
  }[];

describe('concurrent writers over HTTP', () => {
  it('20 updates of one contact with the same If-Match: one wins, 19 get 412, the winner is not overwritten', async () => {
    const { json: contact } = await stack.api('POST', '/contacts', { email: 'if.match.race@example.com' });
    const answers = await times(20, (i) =>
      stack.api(
        'PATCH',
        `/contacts/${contact.id}`,
        { jobTitle: `Title ${i}` },
        { headers: { 'if-match': `"${contact.version}"` } },
      ),
    );
    const winners = answers.filter((answer) => answer.status === 200);
    expect(winners).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 412)).toHaveLength(19);
    const stored = (await stack.api('GET', `/contacts/${contact.id}`)).json;
    expect(stored).toMatchObject({ version: contact.version + 1, jobTitle: winners[0]?.json.jobTitle });
  });

  it('20 updates of different fields without If-Match: each is applied or refused with 409, none is lost', async () => {
    const { json: contact } = await stack.api('POST', '/contacts', { email: 'no.lost.update@example.com' });
    const answers = await times(20, (i) =>
      stack.api('PATCH', `/contacts/${contact.id}`, { customFields: { [`field${i}`]: `value ${i}` } }),
    );
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);
    const applied = answers.flatMap((answer, i) => (answer.status === 200 ? [i] : []));
    expect(applied.length).toBeGreaterThan(0);
    const stored = (await stack.api('GET', `/contacts/${contact.id}`)).json;
    // Every acknowledged change is in the stored contact, and nothing else is.
    expect(Object.keys(stored.customFields).sort()).toEqual(applied.map((i) => `field${i}`).sort());
    expect(stored.version).toBe(contact.version + applied.length);
    for (const refused of answers.filter((answer) => answer.status === 409))
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });

  it('30 concurrent creates of one person (case and spaces differ): one 201, 29 409 naming it', async () => {
    const answers = await times(30, (i) =>
      stack.api('POST', '/contacts', { email: `${i % 2 ? ' ' : ''}Same.Person@Example.com` }),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(29);
  });

  it('the same signed partner webhook delivered 20 times at once: one lead, twenty identical answers', async () => {
    const body = JSON.stringify({ contact: { email: 'webhook.storm@example.com', lifecycleStage: 'lead' } });
    const id = `msg_storm_${Date.now()}`;
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(stack.webhookSecret).sign(id, now, body),
    };
    const answers = await times(20, async () => {
      const response = await fetch(`${stack.apiUrl}/webhooks/leads?source=demo-partner`, {
        method: 'POST',
        headers,
        body,
      });
      return { status: response.status, body: await response.text() };
    });
    expect(new Set(answers.map((answer) => `${answer.status} ${answer.body}`)).size).toBe(1);
    expect(answers[0]?.status).toBe(202);
    const { submissionId } = JSON.parse(answers[0]?.body ?? '{}') as { submissionId: string };
    const ours = await eventually(
      async () => (await leadsReceived()).filter((event) => event.detail.submissionId === submissionId),
      (events) => events.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a doubled event would follow within the relay's next polls
    expect((await leadsReceived()).filter((event) => event.detail.submissionId === submissionId)).toHaveLength(
      ours.length,
    );
    expect(ours).toHaveLength(1);
  });

  it('one person submitting a form from 10 tabs at once with different answers: one contact, ten leads', async () => {
    const { json: forms } = await stack.api('POST', '/forms', {
      name: 'Tabs',
      fieldMapping: { email: 'email', name: 'firstName', note: 'custom.note' },
      minFillSeconds: 0,
      rateLimit: { requests: 1000, windowSeconds: 60 },
    });
    const answers = await times(10, (i) =>
      fetch(`${stack.apiUrl}/forms/${forms.id}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'many.tabs@example.com', name: 'Tab', note: `tab ${i}` }),
      }),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toEqual(Array(10).fill(202));
    const ours = await eventually(
      async () => (await leadsReceived()).filter((event) => event.detail.sourceKind === 'form'),
      (events) => events.length >= 10,
    );
    expect(ours).toHaveLength(10);
    expect(new Set(ours.map((event) => event.detail.contactId)).size).toBe(1);
  });
});
