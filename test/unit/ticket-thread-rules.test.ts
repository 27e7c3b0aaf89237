import { describe, expect, it } from 'vitest';
import {
  customerReplyEffect,
  replySubject,
  threadCandidates,
  ticketNumberInSubject,
  ticketReference,
} from '#shared/tickets/ticket-thread.rules.ts';

describe('ticket references in subjects', () => {
  it('reads the bracketed reference, in any script and with full-width brackets, and the last one wins', () => {
    expect(ticketNumberInSubject(`Re: Invoice question ${ticketReference(1042)}`)).toBe(1042);
    expect(ticketNumberInSubject('پاسخ: سفارش من [#۱۰۴۲]')).toBe(1042);
    expect(ticketNumberInSubject('رد: طلبي [#١٠٤٢]')).toBe(1042);
    expect(ticketNumberInSubject('Re: order ［＃1042］')).toBe(1042);
    expect(ticketNumberInSubject('Re: [#7] quoted, and now [#1042]')).toBe(1042);
    expect(ticketNumberInSubject('Re: [ # 1042 ]')).toBe(1042);
  });

  it('ignores a bare #number, zero, and numbers too long to be a ticket', () => {
    expect(ticketNumberInSubject('Order #1042 has not arrived')).toBeUndefined();
    expect(ticketNumberInSubject('[#0]')).toBeUndefined();
    expect(ticketNumberInSubject('[#1234567890123]')).toBeUndefined();
    expect(ticketNumberInSubject('')).toBeUndefined();
  });

  it('writes a reply subject with one Re: and the reference once, whatever the mail client prefixed', () => {
    expect(replySubject('My order', 1042)).toBe('Re: My order [#1042]');
    expect(replySubject('RE: Aw: My order [#1042]', 1042)).toBe('Re: My order [#1042]');
    expect(replySubject('پاسخ: سفارش من', 7)).toBe('Re: سفارش من [#7]');
    expect(replySubject('', 7)).toBe('Re: [#7]');
  });
});

describe('threadCandidates', () => {
  it('looks up In-Reply-To first, then References newest first, without brackets or repeats', () => {
    expect(
      threadCandidates({
        inReplyTo: ' <c@relay.example> ',
        references: '<a@relay.example>\r\n <b@relay.example> <c@relay.example>',
      }),
    ).toEqual(['c@relay.example', 'b@relay.example', 'a@relay.example']);
    expect(threadCandidates({})).toEqual([]);
    expect(threadCandidates({ references: 'not a message id' })).toEqual([]);
  });
});

describe('customerReplyEffect', () => {
  const now = new Date('2026-12-07T12:00:00Z');

  it('joins an unfinished ticket, reopens one resolved within the window, and opens a linked one after it or once closed', () => {
    expect(customerReplyEffect({ statusKind: 'waiting' }, 7, now)).toBe('resume');
    expect(customerReplyEffect({ statusKind: 'resolved', resolvedAt: '2026-11-30T12:00:00Z' }, 7, now)).toBe('reopen');
    expect(customerReplyEffect({ statusKind: 'resolved', resolvedAt: '2026-11-30T11:59:59Z' }, 7, now)).toBe(
      'new-linked',
    );
    expect(customerReplyEffect({ statusKind: 'resolved' }, 7, now)).toBe('new-linked');
    expect(customerReplyEffect({ statusKind: 'closed', resolvedAt: '2026-12-07T11:00:00Z' }, 7, now)).toBe(
      'new-linked',
    );
  });
});
