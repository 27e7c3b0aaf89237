import { describe, expect, it } from 'vitest';
import { supportReceiptFromSesRecord } from '#shared/tickets/ses-support-receipt.ts';
import { parseSupportEmail } from '#shared/tickets/support-email-mime.ts';
import {
  messageIdKey,
  replyDelivery,
  replyThreading,
  supportMessageId,
  withoutQuotedHistory,
} from '#shared/tickets/ticket-email.rules.ts';
import type { TicketMessage } from '#shared/tickets/ticket.schema.ts';

const aMessage = (kind: TicketMessage['kind'], messageId?: string, references?: string[]): TicketMessage => ({
  id: `id-${messageId ?? kind}`,
  ticketId: 't',
  kind,
  body: 'text',
  at: '2026-03-01T09:00:00.000Z',
  byPrincipal: 'p',
  ...(messageId ? { email: { messageId, subject: 's', ...(references ? { references } : {}) } } : {}),
});

describe('the customer’s own words', () => {
  it('cuts the history under an attribution line in English, Persian or Arabic, when quoted lines follow', () => {
    expect(
      withoutQuotedHistory('Thanks!\n\nOn Mon, 2 Mar 2026 at 10:00, Relay <support@x> wrote:\n> Hello\n> there'),
    ).toBe('Thanks!');
    expect(withoutQuotedHistory('ممنون\r\n\r\nپشتیبانی در تاریخ ۱۲ اسفند نوشت:\r\n> سلام')).toBe('ممنون');
    expect(withoutQuotedHistory('شكرا\n\nكتب الدعم:\n\n> مرحبا')).toBe('شكرا');
    expect(withoutQuotedHistory('Fine.\n-----Original Message-----\nFrom: Relay\nSubject: x')).toBe('Fine.');
    expect(withoutQuotedHistory('Top reply\n\n> quoted\n> at the bottom\n')).toBe('Top reply');
  });

  it('keeps anything not marked the usual way, and a reply that is all quote', () => {
    const text = 'I wrote: the box was empty.\nOn delivery it was open.';
    expect(withoutQuotedHistory(text)).toBe(text);
    expect(withoutQuotedHistory('> only a quote')).toBe('> only a quote');
    // Inline answers between quoted lines stay as they are.
    expect(withoutQuotedHistory('> Is it broken?\nYes.\n> Since when?\nMonday.')).toBe(
      '> Is it broken?\nYes.\n> Since when?\nMonday.',
    );
  });
});

describe('Message-IDs', () => {
  it('files the ids SES gives at any regional domain under one key, and leaves others as they are', () => {
    expect(messageIdKey('0100018c-abc-000000@email.amazonses.com')).toBe('0100018c-abc-000000@amazonses.com');
    expect(messageIdKey('0100018c-abc-000000@eu-west-1.amazonses.com')).toBe('0100018c-abc-000000@amazonses.com');
    expect(messageIdKey('CAF=x@mail.gmail.com')).toBe('CAF=x@mail.gmail.com');
    expect(messageIdKey('x@notamazonses.com')).toBe('x@notamazonses.com');
  });

  it('names an answer by its message id at the support domain', () => {
    expect(supportMessageId('01ABC', 'Relay Support <support@help.example>')).toBe('01ABC.relay@help.example');
  });

  it('answers the customer’s last email and carries the thread, oldest first, without notes or repeats', () => {
    const newestFirst = [
      aMessage('note'),
      aMessage('inbound', 'c2@x', ['c1@x', 'r1@relay']),
      aMessage('outbound', 'r1@relay'),
      aMessage('inbound', 'c1@x'),
    ];
    expect(replyThreading(newestFirst)).toEqual({ inReplyTo: 'c2@x', references: ['c1@x', 'r1@relay', 'c2@x'] });
    expect(replyThreading([aMessage('inbound')])).toEqual({ references: [] });
  });

  it('keeps the first and the newest References when a thread grows long', () => {
    const newestFirst = Array.from({ length: 30 }, (_, index) => aMessage('inbound', `m${29 - index}@x`));
    const { references } = replyThreading(newestFirst);
    expect(references).toHaveLength(20);
    expect(references[0]).toBe('m0@x');
    expect(references.at(-1)).toBe('m29@x');
  });
});

describe('whether an answer is emailed', () => {
  const base = { supportAddress: 'support@x.example', contactExists: true, suppression: undefined };
  it('queues it unless something stops it, and says what', () => {
    expect(replyDelivery(base)).toEqual({ status: 'queued' });
    expect(replyDelivery({ ...base, suppression: 'unsubscribed' })).toEqual({ status: 'queued' });
    expect(replyDelivery({ ...base, suppression: 'bounced' })).toEqual({
      status: 'not-emailed',
      reason: 'suppressed-bounced',
    });
    expect(replyDelivery({ ...base, suppression: 'complained' })).toMatchObject({ reason: 'suppressed-complained' });
    expect(replyDelivery({ ...base, suppression: 'erased' })).toMatchObject({ reason: 'suppressed-erased' });
    expect(replyDelivery({ ...base, contactExists: false })).toMatchObject({ reason: 'no-contact' });
    expect(replyDelivery({ ...base, supportAddress: undefined })).toMatchObject({ reason: 'no-support-address' });
  });
});

describe('a raw support email', () => {
  it('reads encoded-words, quoted-printable UTF-8, threading headers and recipients', async () => {
    const raw = [
      'From: =?UTF-8?B?2LPYp9ix2Kc=?= <sara@example.com>',
      'To: support@relay.local, other@example.com',
      'Subject: =?UTF-8?Q?=D8=B3=D9=84=D8=A7=D9=85?=',
      'Message-ID: <abc@mail.example.com>',
      'In-Reply-To: <r1.relay@relay.local>',
      'References: <c1@mail.example.com> <r1.relay@relay.local>',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=D8=B3=D9=84=D8=A7=D9=85 =DB=B1=DB=B2',
    ].join('\r\n');
    expect(await parseSupportEmail(raw, '2026-03-01T09:00:00.000Z')).toEqual({
      from: 'sara@example.com',
      fromName: 'سارا',
      to: ['support@relay.local', 'other@example.com'],
      subject: 'سلام',
      text: 'سلام ۱۲',
      messageId: 'abc@mail.example.com',
      inReplyTo: '<r1.relay@relay.local>',
      references: '<c1@mail.example.com> <r1.relay@relay.local>',
      receivedAt: '2026-03-01T09:00:00.000Z',
    });
  });

  it('names a message without a Message-ID by its content, the same on every delivery, and refuses one with no sender', async () => {
    const raw = 'From: a@example.com\r\nSubject: hi\r\n\r\nbody';
    const first = await parseSupportEmail(raw, '2026-03-01T09:00:00.000Z');
    expect(first?.messageId).toMatch(/^no-message-id\.[0-9a-f]{32}@relay\.invalid$/);
    expect((await parseSupportEmail(raw, '2026-03-02T09:00:00.000Z'))?.messageId).toBe(first?.messageId);
    expect(await parseSupportEmail('Subject: nobody\r\n\r\nbody', '2026-03-01T09:00:00.000Z')).toBeUndefined();
  });
});

describe('an SES receipt at the support address', () => {
  const record = (verdicts: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim', string>>) => ({
    ses: {
      mail: { timestamp: '2026-03-01T09:00:00.000Z', messageId: 'ses-1' },
      receipt: {
        spamVerdict: { status: verdicts.spam ?? 'PASS' },
        virusVerdict: { status: verdicts.virus ?? 'PASS' },
        spfVerdict: { status: verdicts.spf ?? 'PASS' },
        dkimVerdict: { status: verdicts.dkim ?? 'PASS' },
      },
    },
  });
  it('takes mail SPF or DKIM vouches for, and drops spam, viruses and unauthenticated senders', () => {
    expect(supportReceiptFromSesRecord(record({}))).toEqual({
      sesMessageId: 'ses-1',
      receivedAt: '2026-03-01T09:00:00.000Z',
    });
    expect(supportReceiptFromSesRecord(record({ spf: 'FAIL' }))).toBeDefined();
    expect(supportReceiptFromSesRecord(record({ spf: 'FAIL', dkim: 'GRAY' }))).toBeUndefined();
    expect(supportReceiptFromSesRecord(record({ spam: 'FAIL' }))).toBeUndefined();
    expect(supportReceiptFromSesRecord(record({ virus: 'FAIL' }))).toBeUndefined();
    expect(supportReceiptFromSesRecord({ ses: {} })).toBeUndefined();
  });
});
