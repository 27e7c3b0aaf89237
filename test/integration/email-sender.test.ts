import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { createTestTable } from '../support/test-table.ts';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());
const email = { to: 'someone@example.com', subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' };

describe('EmailSender', () => {
  it('sends once per key: a retry after SES throttling sends, a later repeat does not', async () => {
    const sender = new EmailSender(await createTestTable(), 'Relay <no-reply@relay.example>', new SESv2Client({}));
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }))
      .resolves({ MessageId: 'm-1' });
    await expect(sender.sendOnce('welcome:1', email)).rejects.toBeInstanceOf(TooManyRequestsException);
    expect(await sender.sendOnce('welcome:1', email)).toBe('sent');
    expect(await sender.sendOnce('welcome:1', email)).toBe('already-sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(ses.commandCalls(SendEmailCommand)[1]?.args[0].input).toMatchObject({
      FromEmailAddress: 'Relay <no-reply@relay.example>',
      Destination: { ToAddresses: ['someone@example.com'] },
    });
  });

  it('sends every subject as one header line, whatever a personalised name carried', async () => {
    const sender = new EmailSender(await createTestTable(), 'Relay <no-reply@relay.example>', new SESv2Client({}));
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-3' });
    await sender.sendOnce('welcome:3', { ...email, subject: 'Hi Kim\r\nBcc: victim@example.com' });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Subject?.Data).toBe(
      'Hi Kim Bcc: victim@example.com',
    );
  });

  it('never sends twice when the same event is delivered concurrently', async () => {
    const sender = new EmailSender(await createTestTable(), 'Relay <no-reply@relay.example>', new SESv2Client({}));
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sender.sendOnce('welcome:2', email)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
