import { describe, expect, it } from 'vitest';
import { inboundEmailFromSesRecord } from '#shared/campaigns/ses-inbound.ts';

const pass = { status: 'PASS' };
const sesRecord = (receipt: Record<string, { status: string }> = {}, from = 'Kim Lee <Kim@Example.com>') => ({
  eventSource: 'aws:ses',
  ses: {
    mail: {
      timestamp: '2026-11-23T10:00:00.000Z',
      source: 'bounce@example.com',
      messageId: 'ses-inbound-1',
      commonHeaders: { from: [from], subject: 'Re: Welcome, Kim', messageId: '<CAF=abc@mail.example.com>' },
    },
    receipt: { spamVerdict: pass, virusVerdict: pass, spfVerdict: pass, dkimVerdict: pass, ...receipt },
  },
});

describe('replies SES receives', () => {
  it('become a reply from the sender address, keyed by the sender’s Message-ID', () => {
    expect(inboundEmailFromSesRecord(sesRecord())).toEqual({
      from: 'Kim@Example.com',
      subject: 'Re: Welcome, Kim',
      messageId: '<CAF=abc@mail.example.com>',
      receivedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(inboundEmailFromSesRecord(sesRecord({}, 'kim@example.com'))?.from).toBe('kim@example.com');
  });

  it('are recorded when SPF or DKIM vouches for the sender, and ignored when neither does', () => {
    expect(inboundEmailFromSesRecord(sesRecord({ spfVerdict: { status: 'FAIL' } }))).toBeDefined();
    expect(inboundEmailFromSesRecord(sesRecord({ dkimVerdict: { status: 'GRAY' } }))).toBeDefined();
    expect(
      inboundEmailFromSesRecord(sesRecord({ spfVerdict: { status: 'FAIL' }, dkimVerdict: { status: 'GRAY' } })),
    ).toBeUndefined();
  });

  it('are ignored when SES judged them spam or infected, or the record is not an SES receipt', () => {
    expect(inboundEmailFromSesRecord(sesRecord({ spamVerdict: { status: 'FAIL' } }))).toBeUndefined();
    expect(inboundEmailFromSesRecord(sesRecord({ virusVerdict: { status: 'FAIL' } }))).toBeUndefined();
    expect(inboundEmailFromSesRecord({ eventSource: 'aws:sqs', body: '{}' })).toBeUndefined();
    expect(inboundEmailFromSesRecord(undefined)).toBeUndefined();
  });
});
