import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface OutboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: { name: string; value: string }[];
}

const support = 'support@relay.local';

/** POST /_local/inbound-email, as SES receiving would hand an email over. */
const receive = async (stack: RunningStack, email: Record<string, unknown>) => {
  const response = await fetch(`${stack.apiUrl}/_local/inbound-email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(email),
  });
  return { status: response.status, json: (await response.json()) as Record<string, string> };
};
const outbox = async (stack: RunningStack) =>
  ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const header = (email: OutboxEmail | undefined, name: string) =>
  email?.headers?.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase())?.value;

describe('the support mailbox over HTTP on the local stack, as a customer and an agent use it', () => {
  let stack: RunningStack;
  beforeAll(async () => void (stack = await startLocalStack()), 60_000);
  afterAll(async () => void (await stack?.stop()));

  it('opens a ticket from an email, emails the answer once with threading headers, threads the reply, reopens after resolving', async () => {
    const customer = `leila-${Date.now()}@example.com`;
    const first = {
      from: customer,
      to: support,
      subject: 'سفارش ۱۲ هنوز نرسیده',
      text: 'سلام، سفارش من هنوز نرسیده است.',
      messageId: `<first-${Date.now()}@mail.example.com>`,
    };
    const opened = await receive(stack, first);
    expect(opened).toMatchObject({ status: 202, json: { outcome: 'opened' } });
    const ticketId = opened.json.ticketId!;
    const ticket = (await stack.api('GET', `/tickets/${ticketId}`)).json;
    expect(ticket).toMatchObject({ channel: 'email', subject: 'سفارش ۱۲ هنوز نرسیده', statusKind: 'new' });
    const contact = (await stack.api('GET', `/contacts/${ticket.contactId}`)).json;
    expect(contact).toMatchObject({ email: customer, tags: ['source:support-email'] });

    // Redelivered: nothing new.
    expect((await receive(stack, first)).json).toMatchObject({ outcome: 'duplicate', ticketId });

    // The agent answers through the same route the console uses.
    const answer = await stack.api('POST', `/tickets/${ticketId}/messages`, {
      kind: 'outbound',
      body: 'سلام لیلا، سفارش شما فردا می‌رسد.',
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      delivery: { status: 'queued' },
      email: { inReplyTo: first.messageId.slice(1, -1) },
    });
    const mailed = await eventually(
      async () => (await outbox(stack)).filter((email) => email.destination.to.includes(customer)),
      (emails) => emails.length > 0,
    );
    expect(mailed).toHaveLength(1);
    const sent = mailed[0]!;
    expect(sent.from).toBe(support);
    expect(sent.subject).toBe(`Re: سفارش ۱۲ هنوز نرسیده [#${ticket.number}]`);
    expect(header(sent, 'Message-ID')).toBe(`<${answer.json.email.messageId}>`);
    expect(header(sent, 'In-Reply-To')).toBe(first.messageId);
    expect(header(sent, 'References')).toBe(first.messageId);
    // As it would go over the wire: the Persian subject in a UTF-8 encoded-word, and both read back intact.
    const eml = (await (await fetch(`${stack.sesUrl}/get-emlContent?messageId=${sent.messageId}`)).json()) as {
      body: { data: number[] } | string;
    };
    const raw = typeof eml.body === 'string' ? eml.body : Buffer.from(eml.body.data).toString('utf8');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(`Re: سفارش ۱۲ هنوز نرسیده [#${ticket.number}]`);
    expect(parsed.text?.trim()).toBe('سلام لیلا، سفارش شما فردا می‌رسد.');
    // On the contact's timeline, as an email sent on the ticket.
    const timeline = (await stack.api('GET', `/contacts/${ticket.contactId}/timeline?limit=20`)).json.items;
    expect(
      timeline.find(
        (entry: { kind: string; details?: Record<string, unknown> }) =>
          entry.kind === 'activity' && entry.details?.ticketMessageId === answer.json.id,
      ),
    ).toMatchObject({ activityType: 'email', direction: 'outbound', details: { ticketId, emailed: true } });

    // The customer answers from their mail client: In-Reply-To names the answer's Message-ID.
    const threaded = await receive(stack, {
      from: customer,
      to: support,
      subject: sent.subject,
      text: 'ممنون!\n\nOn Tue, Relay wrote:\n> سلام لیلا',
      messageId: `<second-${Date.now()}@mail.example.com>`,
      inReplyTo: header(sent, 'Message-ID'),
      references: `${first.messageId} ${header(sent, 'Message-ID')}`,
    });
    expect(threaded.json).toMatchObject({ outcome: 'appended', ticketId });
    const conversation = (await stack.api('GET', `/tickets/${ticketId}/messages?limit=50`)).json.items;
    expect(conversation.map((message: { kind: string; body: string }) => [message.kind, message.body])).toEqual([
      ['inbound', 'سلام، سفارش من هنوز نرسیده است.'],
      ['outbound', 'سلام لیلا، سفارش شما فردا می‌رسد.'],
      ['inbound', 'ممنون!'],
    ]);

    // Resolved, then the customer writes again (the [#n] in the subject is enough): reopened.
    expect((await stack.api('POST', `/tickets/${ticketId}/status`, { statusId: 'resolved' })).status).toBe(200);
    const again = await receive(stack, {
      from: customer,
      to: support,
      subject: `Re: [#${ticket.number}] it came broken`,
      text: 'It arrived broken.',
      messageId: `<third-${Date.now()}@mail.example.com>`,
    });
    expect(again.json).toMatchObject({ outcome: 'reopened', ticketId });
    expect((await stack.api('GET', `/tickets/${ticketId}`)).json).toMatchObject({ statusKind: 'open' });
    // The answer was emailed once, for all the events and retries above.
    expect((await outbox(stack)).filter((email) => email.destination.to.includes(customer))).toHaveLength(1);

    // Closed is final: the next email opens a new ticket linked to it.
    expect((await stack.api('POST', `/tickets/${ticketId}/status`, { statusId: 'closed' })).status).toBe(200);
    const afterClose = await receive(stack, {
      from: customer,
      to: support,
      subject: `Re: [#${ticket.number}]`,
      text: 'One more thing.',
      messageId: `<fourth-${Date.now()}@mail.example.com>`,
    });
    expect(afterClose.json).toMatchObject({ outcome: 'linked', linkedTicketId: ticketId });
    expect((await stack.api('GET', `/tickets/${afterClose.json.ticketId}`)).json).toMatchObject({
      linkedTicketId: ticketId,
      channel: 'email',
    });
  });

  it('reads a raw MIME message: encoded-word subject, base64 UTF-8 body, display name', async () => {
    const customer = `omid-${Date.now()}@example.com`;
    const subject = 'مشکل در ورود';
    const raw = [
      `From: =?UTF-8?B?${Buffer.from('امید').toString('base64')}?= <${customer}>`,
      `To: Support <${support}>`,
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      `Message-ID: <raw-${Date.now()}@mail.example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('نمی‌توانم وارد حساب شوم.').toString('base64'),
      '',
    ].join('\r\n');
    const opened = await receive(stack, { raw });
    expect(opened.json).toMatchObject({ outcome: 'opened' });
    const ticket = (await stack.api('GET', `/tickets/${opened.json.ticketId}`)).json;
    expect(ticket.subject).toBe(subject);
    expect((await stack.api('GET', `/contacts/${ticket.contactId}`)).json).toMatchObject({ firstName: 'امید' });
    const messages = (await stack.api('GET', `/tickets/${ticket.id}/messages`)).json.items;
    expect(messages.map((message: { body: string }) => message.body)).toEqual(['نمی‌توانم وارد حساب شوم.']);
  });

  it('refuses what it cannot read with a 400 and the reason', async () => {
    expect((await receive(stack, { to: support, subject: 'no sender' })).status).toBe(400);
  });
});

describe('a reply after the reopen window', () => {
  let stack: RunningStack;
  // A window of 0 days: any reply after resolving comes too late (in AWS: support.reopenWithinDays).
  beforeAll(async () => void (stack = await startLocalStack([], { TICKET_REOPEN_WITHIN_DAYS: '0' })), 60_000);
  afterAll(async () => void (await stack?.stop()));

  it('opens a new ticket linked to the resolved one, which stays resolved', async () => {
    const customer = `arash-${Date.now()}@example.com`;
    const first = {
      from: customer,
      to: support,
      subject: 'Refund',
      text: 'Please refund.',
      messageId: `<r1-${Date.now()}@x.example>`,
    };
    const { ticketId } = (await receive(stack, first)).json;
    expect((await stack.api('POST', `/tickets/${ticketId}/status`, { statusId: 'resolved' })).status).toBe(200);
    const late = await receive(stack, {
      from: customer,
      to: support,
      subject: 'Re: Refund',
      text: 'Still no refund.',
      messageId: `<r2-${Date.now()}@x.example>`,
      inReplyTo: first.messageId,
    });
    expect(late.json).toMatchObject({ outcome: 'linked', linkedTicketId: ticketId });
    expect(late.json.ticketId).not.toBe(ticketId);
    expect((await stack.api('GET', `/tickets/${ticketId}`)).json).toMatchObject({ statusKind: 'resolved' });
  });
});
