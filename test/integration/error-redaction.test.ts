import { MessageRejected, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as recordLeadFailure } from '#functions/tasks/record-lead-failure.ts';
import { recordCampaignStepFailure } from '#shared/campaigns/campaign-step.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { readContactFootprint } from '#shared/privacy/contact-footprint.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

const ses = mockClient(SESv2Client);
let deps: Dependencies;
let table: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  table = await createTestTable();
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
});
afterEach(() => ses.reset());

/** SES's sandbox refusal, which names the recipient. */
const rejection = (address: string) =>
  new MessageRejected({
    message: `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${address}`,
    $metadata: { httpStatusCode: 400 },
  });

describe('an SES rejection that names the recipient', () => {
  it('reaches the task (and so the Lambda log line and the Step Functions cause) without the address, and stays retryable', async () => {
    const address = 'private.person@secret-domain.example';
    ses.on(SendEmailCommand).rejectsOnce(rejection(address)).resolves({ MessageId: 'm-1' });
    const sender = new EmailSender(table, 'Relay <news@relay.example>', new SESv2Client({}));
    const email = { to: address, subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' };
    const error = await sender.sendOnce('redaction:1', email).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageRejected);
    expect((error as Error).name).toBe('MessageRejected');
    // What the Lambda runtime logs for a failed invocation, and what Step Functions keeps as the Cause.
    const logged = JSON.stringify({
      errorType: (error as Error).name,
      errorMessage: (error as Error).message,
      stack: (error as Error).stack,
    });
    expect(logged).toContain('failed the check');
    expect(logged).not.toContain('secret-domain.example');
    expect(logged).not.toContain('private.person');
    // The send marker was released: the retry sends.
    expect(await sender.sendOnce('redaction:1', email)).toBe('sent');
  });

  it('is stored in the LEAD_FAILURE item and the failure events without the address, whatever the cause carried', async () => {
    const contact = await createContact(
      deps,
      aContactRequest({ email: 'lead.person@secret-domain.example' }),
      anAdmin(),
    );
    const cause = JSON.stringify({
      errorType: 'MessageRejected',
      errorMessage: rejection(contact.email).message,
      trace: [`MessageRejected: ${rejection(contact.email).message}`, '    at EmailSender.sendOnce'],
    });
    await recordLeadFailure(
      {
        contactId: contact.id,
        causationId: `lead-${contact.id}`,
        failures: { NotifyOwner: { Error: `MessageRejected: ${contact.email}`, Cause: cause } },
      },
      lambdaContext('record-lead-failure'),
    );
    const stored = (await readContactFootprint(deps, contact.id)).leadFailures;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ step: 'NotifyOwner' });
    expect(String(stored[0]?.cause)).toContain('failed the check');
    await recordCampaignStepFailure(deps, {
      campaignId: 'c1',
      contactId: contact.id,
      run: 1,
      dueAt: '2026-11-23T10:00:00.000Z',
      error: `MessageRejected: ${contact.email}`,
    });
    const events = (await deps.outbox.listPending(1000)).filter(
      (event) => (event.detail as { contactId?: string }).contactId === contact.id,
    );
    expect(events.map((event) => event.detailType).sort()).toEqual([
      'Campaign Step Failed',
      'Contact Created',
      'Lead Processing Failed',
    ]);
    for (const written of [JSON.stringify(stored), JSON.stringify(events)])
      expect(written).not.toContain('secret-domain.example');
  });
});
