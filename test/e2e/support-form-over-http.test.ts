import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

type BusEvent = { 'detail-type': string; detail: Record<string, unknown> };

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack(['--seed'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const submissions = () => `${stack.apiUrl}/forms/${demoIds.supportForm}/submissions`;
/** A form token issued `seconds` ago (the demo support form drops, as a bot, a request sent within 2 s of it). */
const tokenAged = async (seconds: number) => {
  const { token } = (await (await fetch(`${stack.apiUrl}/forms/${demoIds.supportForm}/token`)).json()) as {
    token: string;
  };
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return token;
};
const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(submissions(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: stack.apiUrl, ...headers },
    body: JSON.stringify(fields),
  });
const contactByEmail = async (email: string) =>
  (await stack.api('GET', `/contacts/search?q=${encodeURIComponent(email)}`)).json.items[0] as
    { id: string; email: string; emailDisplay?: string; phoneE164?: string; firstName?: string } | undefined;
const ticketsOf = async (contactId: string) =>
  (await stack.api('GET', `/tickets?contactId=${contactId}`)).json.items as {
    id: string;
    number: number;
    channel: string;
    subject: string;
    assigneeId?: string;
    teamId?: string;
    customFields: Record<string, unknown>;
  }[];

describe('the public support form over HTTP', () => {
  it('opens a ticket on the form channel for a new contact, assigned to an agent of the support team, with the message as its first inbound message', async () => {
    const response = await post(
      {
        name: 'مریم',
        email: 'maryam@شرکت.ایران',
        phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
        order: '۴۲۱۷',
        subject: 'سفارش ۴۲۱۷ هنوز نرسیده',
        message: 'سلام، سفارشم بعد از دو هفته هنوز نرسیده است.',
        _relay_token: await tokenAged(2.1),
      },
      { 'idempotency-key': 'maryam-first-request' },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ submissionId: expect.any(String), status: 'received' });

    const contact = await contactByEmail('maryam@شرکت.ایران');
    expect(contact).toMatchObject({
      firstName: 'مریم',
      emailDisplay: 'maryam@شرکت.ایران',
      phoneE164: '+989123456789',
    });
    const [ticket, ...others] = await ticketsOf(contact!.id);
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({
      channel: 'form',
      subject: 'سفارش ۴۲۱۷ هنوز نرسیده',
      teamId: demoIds.supportTeam,
      customFields: { orderNumber: '۴۲۱۷' },
    });
    expect([demoIds.sam, demoIds.dara]).toContain(ticket!.assigneeId);

    const messages = await stack.api('GET', `/tickets/${ticket!.id}/messages`, undefined, { as: 'supportNasrin' });
    expect(messages.status).toBe(200);
    expect(messages.json.items).toEqual([
      expect.objectContaining({ kind: 'inbound', body: 'سلام، سفارشم بعد از دو هفته هنوز نرسیده است.' }),
    ]);
    // The outbox relay publishes it within moments, saying how the agent was chosen.
    const assigned = await eventually(
      async () =>
        ((await stack.api('GET', '/_local/events', undefined, { as: null })).json.events as BusEvent[]).find(
          (event) => event['detail-type'] === 'Ticket Assigned' && event.detail.ticketId === ticket!.id,
        ),
      (event) => event !== undefined,
    );
    expect(assigned?.detail).toMatchObject({ assigneeId: ticket!.assigneeId, strategy: 'round-robin' });
  });

  it('makes one ticket of a retried post, whether retried with its Idempotency-Key or sent again as it was, even at once', async () => {
    const fields = {
      name: 'Omid',
      email: 'omid@example.com',
      subject: 'Cannot log in',
      message: 'The reset link says it has expired.',
      _relay_token: await tokenAged(2.1),
    };
    const first = await post(fields, { 'idempotency-key': 'omid-login' });
    const firstBody = await first.text();
    const retries = await Promise.all([
      post(fields, { 'idempotency-key': 'omid-login' }),
      post(fields, { 'idempotency-key': 'omid-login' }),
    ]);
    for (const retry of retries) {
      expect(retry.status).toBe(202);
      expect(await retry.text()).toBe(firstBody);
    }
    // Without a key, identical content is the same submission.
    const [plain, plainAgain] = await Promise.all([post(fields), post(fields)]);
    expect(await plain.text()).toBe(await plainAgain.text());

    const contact = await contactByEmail('omid@example.com');
    // The keyed post and the unkeyed one are two submissions (two keys), and no more.
    expect(await ticketsOf(contact!.id)).toHaveLength(2);
  });

  it('answers a bot as it answers a person, and writes nothing', async () => {
    const honeypot = await post({
      email: 'bot1@example.com',
      subject: 'Buy now',
      message: 'Cheap pills',
      website: 'https://spam.example',
      _relay_token: await tokenAged(2.1),
    });
    expect(honeypot.status).toBe(202);
    const tooFast = await post({
      email: 'bot2@example.com',
      subject: 'Buy now',
      message: 'Cheap pills',
      _relay_token: await tokenAged(0),
    });
    expect(tooFast.status).toBe(202);
    expect(await contactByEmail('bot1@example.com')).toBeUndefined();
    expect(await contactByEmail('bot2@example.com')).toBeUndefined();
  });

  it('refuses bad input with problem+json naming the form’s own fields', async () => {
    const response = await post({
      email: 'not-an-address',
      subject: 'Help',
      phone: '12',
      _relay_token: await tokenAged(2.1),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((error) => error.pointer).sort()).toEqual(['/email', '/message', '/phone']);
  });
});

describe('support agents over HTTP', () => {
  it('lets a support agent read the customer and their tickets, but not deals, campaigns, scores or the timeline', async () => {
    const contact = await contactByEmail('maryam@شرکت.ایران');
    const asSam = (path: string) => stack.api('GET', path, undefined, { as: 'supportSam' });
    expect((await asSam(`/contacts/${contact!.id}`)).status).toBe(200);
    expect((await asSam(`/tickets?contactId=${contact!.id}`)).status).toBe(200);
    expect((await asSam('/me')).json).toMatchObject({
      roles: ['support'],
      ownerId: demoIds.sam,
      limitedToOwnRecords: false,
      limitedToOwnTickets: true,
    });
    for (const path of ['/deals', '/campaigns', `/contacts/${contact!.id}/score`, `/contacts/${contact!.id}/timeline`])
      expect((await asSam(path)).status, path).toBe(403);
  });
});
