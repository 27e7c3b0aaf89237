import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { normaliseEmail } from '#shared/contacts/email.ts';
import { systemContext, type AppContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { saveSlaSettings } from '#shared/sla/sla-settings.service.ts';
import { SlaSettingsInput } from '#shared/sla/sla-settings.schema.ts';
import {
  receiveSupportEmail,
  supportEmailContactTag,
  type SupportEmail,
} from '#shared/tickets/ticket-inbound-email.service.ts';
import { emailTicketReply } from '#shared/tickets/ticket-reply.service.ts';
import { AddTicketMessageRequest, ListTicketMessagesQuery, type TicketMessage } from '#shared/tickets/ticket.schema.ts';
import {
  addTicketMessage,
  getTicket,
  listTicketMessages,
  moveTicket,
  ticketHistory,
} from '#shared/tickets/ticket.service.ts';
import { startLocalSes } from '../../local/ses-local.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

const day = 24 * 3_600_000;
const supportAddress = 'support@relay.test';
/** A clock the tests move: the reopen window is measured in days. */
let clockNow = new Date('2026-03-01T09:00:00.000Z');
const context: AppContext = { now: () => clockNow, newId: systemContext.newId };

let deps: Dependencies;
let table: TableRef;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
beforeAll(async () => {
  table = await createTestTable();
  deps = { ...buildDependencies(table, context), ticketEmail: { supportAddress, reopenWithinDays: 7 } };
  ses = await startLocalSes(0);
});
afterAll(async () => void (await ses?.stop()));

let sequence = 0;
/** An email to the support address, received now by the test clock. */
const anEmail = (overrides: Partial<SupportEmail> = {}): SupportEmail => ({
  from: `customer-${++sequence}-${Date.now()}@example.com`,
  to: [supportAddress],
  subject: 'The invoice is wrong',
  text: 'Hello, my invoice shows the wrong amount.',
  messageId: `m${++sequence}.${Date.now()}@mail.example.com`,
  receivedAt: clockNow.toISOString(),
  ...overrides,
});
/** Sends from the support address through the local SES (aws-ses-v2-local), whose outbox the tests read. */
const localSupportMail = () =>
  new EmailSender(
    table,
    supportAddress,
    new SESv2Client({
      endpoint: ses.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
  );
const conversation = async (ticketId: string): Promise<TicketMessage[]> =>
  (await listTicketMessages(deps, ticketId, ListTicketMessagesQuery.parse({ limit: '100' }))).items;
const ticketsOf = async (contactId: string) =>
  (await deps.tickets.listByContact(contactId, 100)).items.map((ticket) => ticket.id);
const answer = (ticketId: string, body: string) =>
  addTicketMessage(deps, ticketId, AddTicketMessageRequest.parse({ kind: 'outbound', body }), anAdmin());
const resolve = (ticketId: string) => moveTicket(deps, ticketId, { statusId: 'resolved' }, anAdmin());
const opened = async (email: SupportEmail) => {
  const outcome = await receiveSupportEmail(deps, email);
  if (outcome.outcome !== 'opened') throw new Error(`expected a new ticket, got ${outcome.outcome}`);
  return outcome;
};

describe('an email to the support address', () => {
  it('opens a ticket for an unknown sender, who becomes a contact marked as from support email', async () => {
    const email = anEmail({
      fromName: 'سارا احمدی',
      subject: 'Re: فاکتور اشتباه است',
      text: 'مبلغ فاکتور اشتباه است.\n\nOn Mon, 2 Mar 2026, Relay wrote:\n> Thanks for your order\n> Relay',
    });
    const outcome = await opened(email);
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(email.from));
    const contact = await deps.contacts.get(contactId!);
    expect(contact).toMatchObject({ firstName: 'سارا احمدی', tags: [supportEmailContactTag] });
    const ticket = await getTicket(deps, outcome.ticketId);
    expect(ticket).toMatchObject({ channel: 'email', subject: 'فاکتور اشتباه است', contactId, statusKind: 'new' });
    const [first, ...rest] = await conversation(ticket.id);
    expect(rest).toEqual([]);
    // The quoted history under "On … wrote:" is cut; the customer's own words stay.
    expect(first).toMatchObject({
      kind: 'inbound',
      body: 'مبلغ فاکتور اشتباه است.',
      email: { messageId: email.messageId },
    });
    const pending = await new OutboxRepository(table).listPending(1000);
    expect(
      pending.filter(
        (event) =>
          event.detailType === 'Ticket Created' && 'ticketId' in event.detail && event.detail.ticketId === ticket.id,
      ),
    ).toHaveLength(1);
  });

  it('threads a reply onto its ticket by In-Reply-To, by References, and by the [#n] in the subject from the same contact', async () => {
    const first = anEmail();
    const { ticketId, ticketNumber } = await opened(first);
    const byInReplyTo = await receiveSupportEmail(
      deps,
      anEmail({ from: first.from, subject: 'Re: The invoice is wrong', inReplyTo: `<${first.messageId}>` }),
    );
    const byReferences = await receiveSupportEmail(
      deps,
      anEmail({ from: first.from, inReplyTo: '<unknown@elsewhere.example>', references: `<${first.messageId}> <x@y>` }),
    );
    const persianDigits = String(ticketNumber).replace(/\d/g, (digit) => '۰۱۲۳۴۵۶۷۸۹'[Number(digit)]!);
    const bySubject = await receiveSupportEmail(
      deps,
      anEmail({ from: first.from, subject: `Re: [#${persianDigits}]` }),
    );
    for (const outcome of [byInReplyTo, byReferences, bySubject])
      expect(outcome).toMatchObject({ outcome: 'appended', ticketId });
    expect((await conversation(ticketId)).map((message) => message.kind)).toEqual([
      'inbound',
      'inbound',
      'inbound',
      'inbound',
    ]);
    // Anyone can type a number: a stranger's [#n] opens a ticket of their own.
    const stranger = await receiveSupportEmail(deps, anEmail({ subject: `About [#${ticketNumber}]` }));
    expect(stranger.outcome).toBe('opened');
    expect(stranger.ticketId).not.toBe(ticketId);
  });

  it('records a redelivered email once, also when the deliveries arrive at the same time', async () => {
    const email = anEmail();
    const { ticketId } = await opened(email);
    expect(await receiveSupportEmail(deps, email)).toMatchObject({ outcome: 'duplicate', ticketId });

    const racing = anEmail();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => receiveSupportEmail(deps, racing)));
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(racing.from));
    const tickets = await ticketsOf(contactId!);
    expect(tickets).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'opened')).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => outcome.ticketId))).toEqual(new Set(tickets));
    expect(await conversation(tickets[0]!)).toHaveLength(1);

    // A reply redelivered at once onto an existing ticket: one message.
    const reply = anEmail({ from: email.from, inReplyTo: `<${email.messageId}>` });
    await Promise.all([receiveSupportEmail(deps, reply), receiveSupportEmail(deps, reply)]);
    expect(await conversation(ticketId)).toHaveLength(2);
  });
});

describe("a customer's reply to a finished ticket", () => {
  it('reopens a resolved ticket within the window, once, however many replies race', async () => {
    const first = anEmail();
    const { ticketId } = await opened(first);
    await resolve(ticketId);
    clockNow = new Date(clockNow.getTime() + 6 * day);
    const replies = [1, 2, 3].map(() => anEmail({ from: first.from, inReplyTo: `<${first.messageId}>` }));
    const outcomes = await Promise.all(replies.map((reply) => receiveSupportEmail(deps, reply)));
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['appended', 'appended', 'reopened']);
    expect(await getTicket(deps, ticketId)).toMatchObject({ statusKind: 'open' });
    expect(await conversation(ticketId)).toHaveLength(4);
    const reopened = (await new OutboxRepository(table).listPending(1000)).filter(
      (event) =>
        event.detailType === 'Ticket Reopened' && 'ticketId' in event.detail && event.detail.ticketId === ticketId,
    );
    expect(reopened).toHaveLength(1);
  });

  it('takes a ticket waiting on the customer back to open when they answer, and its SLA clock runs again', async () => {
    await saveSlaSettings(
      deps,
      SlaSettingsInput.parse({
        policies: [{ name: 'Standard', targets: { normal: { firstResponseMinutes: 60, resolutionMinutes: 480 } } }],
      }),
    );
    const first = anEmail();
    const { ticketId } = await opened(first);
    const waiting = await moveTicket(deps, ticketId, { statusId: 'waiting-on-customer' }, anAdmin());
    expect(waiting.slaDueAt).toBeUndefined();
    clockNow = new Date(clockNow.getTime() + 3_600_000);
    const outcome = await receiveSupportEmail(deps, anEmail({ from: first.from, inReplyTo: `<${first.messageId}>` }));
    expect(outcome.outcome).toBe('resumed');
    const resumed = await getTicket(deps, ticketId);
    expect(resumed).toMatchObject({ statusKind: 'open' });
    // Paused for the hour it waited: still due, an hour later than it was first.
    expect(Date.parse(resumed.slaDueAt!)).toBeGreaterThan(clockNow.getTime());
    expect((await ticketHistory(deps, ticketId))[0]).toMatchObject({
      toStatusId: 'open',
      note: 'The customer answered by email.',
    });
  });

  it('opens one new ticket linked to the old after the window, and later replies thread onto that one', async () => {
    const first = anEmail();
    const { ticketId } = await opened(first);
    await resolve(ticketId);
    clockNow = new Date(clockNow.getTime() + 8 * day);
    const lateReplies = [1, 2].map(() => anEmail({ from: first.from, inReplyTo: `<${first.messageId}>` }));
    const outcomes = await Promise.all(lateReplies.map((reply) => receiveSupportEmail(deps, reply)));
    const linked = outcomes.find((outcome) => outcome.outcome === 'linked');
    expect(linked).toMatchObject({ linkedTicketId: ticketId });
    expect(outcomes.map((outcome) => outcome.ticketId)).toEqual([linked!.ticketId, linked!.ticketId]);
    expect(await getTicket(deps, linked!.ticketId)).toMatchObject({ linkedTicketId: ticketId, channel: 'email' });
    expect(await getTicket(deps, ticketId)).toMatchObject({ statusKind: 'resolved' });
    expect(await conversation(linked!.ticketId)).toHaveLength(2);
    const contactId = await deps.contacts.findIdByEmail(normaliseEmail(first.from));
    expect(await ticketsOf(contactId!)).toHaveLength(2);
  });

  it('never reopens a closed ticket: the reply opens a new linked one, even the next day', async () => {
    const first = anEmail();
    const { ticketId } = await opened(first);
    await moveTicket(deps, ticketId, { statusId: 'closed' }, anAdmin());
    clockNow = new Date(clockNow.getTime() + day);
    const outcome = await receiveSupportEmail(deps, anEmail({ from: first.from, inReplyTo: `<${first.messageId}>` }));
    expect(outcome).toMatchObject({ outcome: 'linked', linkedTicketId: ticketId });
    expect(await getTicket(deps, ticketId)).toMatchObject({ statusKind: 'closed' });
  });
});

describe("an agent's answer", () => {
  it('is emailed once from the support address with the threading headers, and the reply to it threads back', async () => {
    const first = anEmail({ subject: 'سفارش من نرسیده', from: `nima-${Date.now()}@example.com` });
    const { ticketId, ticketNumber } = await opened(first);
    const reply = await answer(ticketId, 'سلام، سفارش شما فردا می‌رسد.');
    expect(reply.delivery).toEqual({ status: 'queued' });
    expect(reply.email).toMatchObject({
      subject: `Re: سفارش من نرسیده [#${ticketNumber}]`,
      inReplyTo: first.messageId,
      references: [first.messageId],
    });
    expect(reply.email?.messageId).toMatch(/@relay\.test$/);

    const mailDeps = { ...deps, supportMail: localSupportMail() };
    const key = { ticketId, messageId: reply.id, at: reply.at };
    const outcomes = await Promise.all([emailTicketReply(mailDeps, key), emailTicketReply(mailDeps, key)]);
    expect(outcomes.sort()).toEqual(['already-sent', 'sent']);
    expect(await emailTicketReply(mailDeps, key)).toBe('already-sent');
    const { emails } = (await (await fetch(`${ses.url}/store`)).json()) as {
      emails: {
        messageId: string;
        from: string;
        destination: { to: string[] };
        subject: string;
        headers?: { name: string; value: string }[];
      }[];
    };
    const sent = emails.filter((email) => email.destination.to.includes(first.from));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: supportAddress, subject: `Re: سفارش من نرسیده [#${ticketNumber}]` });
    expect(sent[0]!.headers).toEqual(
      expect.arrayContaining([
        { name: 'Message-ID', value: `<${reply.email!.messageId}>` },
        { name: 'In-Reply-To', value: `<${first.messageId}>` },
        { name: 'References', value: `<${first.messageId}>` },
      ]),
    );

    // The customer answers the answer: found by the Message-ID Relay sent.
    const back = await receiveSupportEmail(
      deps,
      anEmail({ from: first.from, inReplyTo: `<${reply.email!.messageId}>` }),
    );
    expect(back).toMatchObject({ outcome: 'appended', ticketId });
    // Found as well by the id SES gave it (in AWS, SES replaces the Message-ID), at whichever regional domain.
    const sesMessageId = sent[0]!.messageId;
    const viaSes = await receiveSupportEmail(
      deps,
      anEmail({ from: first.from, subject: 'no number', inReplyTo: `<${sesMessageId}@eu-west-1.amazonses.com>` }),
    );
    expect(viaSes).toMatchObject({ outcome: 'appended', ticketId });

    const timeline = await deps.activities.contactTimeline((await getTicket(deps, ticketId)).contactId, 10);
    expect(timeline.items.find((activity) => activity.details?.ticketMessageId === reply.id)).toMatchObject({
      type: 'email',
      direction: 'outbound',
      details: { ticketId, emailed: true },
    });
  });

  it('is recorded but not emailed to a bounced address, and says why; an unsubscribed customer still gets it', async () => {
    const bounced = await createContact(deps, aContactRequest(), anAdmin());
    await deps.contacts.write([
      deps.suppressions.suppressItem(bounced.emailNormalised, 'bounced', clockNow.toISOString(), 'test'),
    ]);
    const { ticketId } = await opened(anEmail({ from: bounced.email }));
    const reply = await answer(ticketId, 'We fixed it.');
    expect(reply.delivery).toEqual({ status: 'not-emailed', reason: 'suppressed-bounced' });
    expect(reply.email).toBeUndefined();
    const mailDeps = { ...deps, supportMail: localSupportMail() };
    expect(await emailTicketReply(mailDeps, { ticketId, messageId: reply.id, at: reply.at })).toBe('not-emailed');

    const unsubscribed = await createContact(deps, aContactRequest(), anAdmin());
    await deps.contacts.write([
      deps.suppressions.suppressItem(unsubscribed.emailNormalised, 'unsubscribed', clockNow.toISOString(), 'test'),
    ]);
    const other = await opened(anEmail({ from: unsubscribed.email }));
    expect((await answer(other.ticketId, 'Done.')).delivery).toEqual({ status: 'queued' });
  });

  it('is recorded but not emailed when no support address is configured', async () => {
    const { ticketId } = await opened(anEmail());
    const reply = await addTicketMessage(
      { ...deps, ticketEmail: { reopenWithinDays: 7 } },
      ticketId,
      AddTicketMessageRequest.parse({ kind: 'outbound', body: 'Logged from a call.' }),
      anAdmin(),
    );
    expect(reply.delivery).toEqual({ status: 'not-emailed', reason: 'no-support-address' });
  });
});
