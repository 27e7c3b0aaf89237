import { describe, expect, it } from 'vitest';
import { redactEmailAddresses, withoutEmailAddresses } from '#shared/privacy/redaction.ts';

describe('redactEmailAddresses', () => {
  it('leaves nothing of an email address in an error message, whatever its shape or script', () => {
    const addresses = [
      'kim@example.com',
      "kim.o'neil+news@mail.example.co.uk",
      'KIM@EXAMPLE.COM',
      'کاربر@مثال.ایران',
      'user@xn--mgbai9azgqp6j',
      'kim%40example.com',
    ];
    for (const address of addresses) {
      for (const message of [
        `Email address is not verified. The following identities failed the check in region US-EAST-1: ${address}`,
        `Relay <${address}>, "${address}"; '${address}'.`,
        JSON.stringify({ errorType: 'MessageRejected', errorMessage: `rejected: ${address}` }),
      ]) {
        const redacted = redactEmailAddresses(message);
        expect(redacted, message).not.toContain(address);
        expect(redacted).not.toMatch(/@|%40/);
        expect(redacted).toContain('<email redacted>');
      }
    }
    expect(redactEmailAddresses('Maximum sending rate exceeded.')).toBe('Maximum sending rate exceeded.');
    expect(redactEmailAddresses('rejected: kim@example.com (sandbox)')).toBe('rejected: <email redacted> (sandbox)');
  });

  it('keeps an error’s class and name (so Retry and Catch still match it) while clearing its message and stack', () => {
    class MessageRejected extends Error {
      override name = 'MessageRejected';
    }
    const error = new MessageRejected('Email address is not verified: kim@example.com');
    const redacted = withoutEmailAddresses(error);
    expect(redacted).toBeInstanceOf(MessageRejected);
    expect(redacted.name).toBe('MessageRejected');
    expect(redacted.message).toBe('Email address is not verified: <email redacted>');
    expect(redacted.stack).not.toContain('kim@example.com');
    expect(withoutEmailAddresses('not an error')).toBe('not an error');
  });
});
