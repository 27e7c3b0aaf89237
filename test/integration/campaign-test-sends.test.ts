import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { cognitoUserDirectory } from '#functions/user-directory.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  previewEmail,
  sendTestEmail,
  testSendLimit,
  type TestSendDeps,
} from '#shared/campaigns/campaign-email.service.ts';
import type { TestSendRequest } from '#shared/campaigns/campaign.schema.ts';
import { createCampaign } from '#shared/campaigns/campaign.service.ts';
import { feedbackFromSesEvent } from '#shared/campaigns/ses-feedback.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import { Conflict, TooManyRequests, UnprocessableContent, ValidationFailed } from '#shared/errors.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { startLocalSes } from '../../local/ses-local.ts';
import { localUserPool, localUserPoolId } from '../../local/user-pool.ts';
import { aContactRequest, anAdmin } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

interface OutboxEmail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

let deps: Dependencies;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
let userPool: Server;
let testDeps: TestSendDeps;
let campaignId: string;
let contactId: string;

const marketer: Principal = { kind: 'user', subject: 'user-marketing', roles: ['marketing'] };
const noEmail: Principal = { kind: 'user', subject: 'user-without-email', roles: ['marketing'] };
const mail = { from: 'Relay <no-reply@relay.example>', publicApiUrl: 'https://api.relay.example/' };
const outbox = async () => ((await (await fetch(`${ses.url}/store`)).json()) as { emails: OutboxEmail[] }).emails;
let keys = 0;
const freshKey = () => `key-${Date.now()}-${++keys}`;

beforeAll(async () => {
  const table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  ses = await startLocalSes(0);
  // The user pool's stand-in (local/user-pool.ts), called by the same Cognito client AWS would be.
  const answer = localUserPool([
    { subject: marketer.subject, username: 'marketing', email: 'marketing@relay.example' },
    { subject: noEmail.subject, username: 'no-email', email: '' },
  ]);
  userPool = createServer((request, response) => void answer(request, response, new URL('http://local/')));
  await new Promise<void>((resolve) => userPool.listen(0, '127.0.0.1', resolve));
  const awsLocal = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
  testDeps = {
    ...deps,
    mail,
    email: new EmailSender(table, mail.from, new SESv2Client({ endpoint: ses.url, ...awsLocal })),
    users: cognitoUserDirectory(
      localUserPoolId,
      new CognitoIdentityProviderClient({
        endpoint: `http://127.0.0.1:${(userPool.address() as AddressInfo).port}`,
        ...awsLocal,
      }),
    ),
  };
  campaignId = (await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney()))).id;
  contactId = (
    await createContact(
      deps,
      aContactRequest({ email: 'shirin@example.com', firstName: 'شیرین', companyName: 'نوآوران' }),
      anAdmin(),
    )
  ).id;
});
afterAll(async () => {
  await ses?.stop();
  await new Promise((resolve) => userPool?.close(resolve));
});

const persianContent = {
  subject: 'سلام {{ contact.firstName }}',
  html: '<div dir="rtl"><p>سلام {{ contact.firstName }} از {{ contact.companyName }}</p><a href="{{ unsubscribeUrl }}">لغو اشتراک</a></div>',
  text: 'سلام {{ contact.firstName }}\nلغو اشتراک: {{ unsubscribeUrl }}',
};

describe('previewing an email', () => {
  it('renders the editor’s unsaved templates for a real contact, with the From and unsubscribe headers as they go out', async () => {
    const preview = await previewEmail({ ...deps, mail: { ...mail, replyTo: 'replies@relay.example' } }, campaignId, {
      stepId: 'not-saved-yet',
      contactId,
      content: persianContent,
    });
    expect(preview).toEqual({
      stepId: 'not-saved-yet',
      subject: 'سلام شیرین',
      html: '<div dir="rtl"><p>سلام شیرین از نوآوران</p><a href="https://api.relay.example/unsubscribe?token=preview-only">لغو اشتراک</a></div>',
      text: 'سلام شیرین\nلغو اشتراک: https://api.relay.example/unsubscribe?token=preview-only',
      from: 'Relay <no-reply@relay.example>',
      to: 'shirin@example.com',
      replyTo: 'replies@relay.example',
      unsubscribeUrl: 'https://api.relay.example/unsubscribe?token=preview-only',
      headers: [
        { name: 'List-Unsubscribe', value: '<https://api.relay.example/unsubscribe?token=preview-only>' },
        { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      ],
    });
  });

  it('refuses a template error naming the part and its line, as the strict engine finds it', async () => {
    const refusal = await previewEmail({ ...deps, mail }, campaignId, {
      stepId: 'welcome',
      content: { subject: 'Hi', html: '<p>Hi</p>\n<p>{{ contact.fristName }}</p>', text: 'Hi {{ "x" | shout }}' },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationFailed);
    expect((refusal as ValidationFailed).errors).toEqual([
      { pointer: '/content/html', message: 'undefined variable: contact.fristName, line:2, col:7' },
      { pointer: '/content/text', message: 'undefined filter: shout, line:1, col:4' },
    ]);
  });

  it('previews an unfinished email (an empty part is empty, not an error)', async () => {
    const preview = await previewEmail({ ...deps, mail }, campaignId, {
      stepId: 'welcome',
      content: { subject: '', html: '<p>Draft</p>', text: '' },
    });
    expect(preview).toMatchObject({ subject: '', html: '<p>Draft</p>', text: '', to: 'ada@example.com' });
  });
});

describe('a test send', () => {
  const request = (overrides: Partial<TestSendRequest> = {}): TestSendRequest => ({
    stepId: 'welcome',
    contactId,
    content: persianContent,
    ...overrides,
  });

  it('goes to the signed-in user’s own address, marked as a test, rendered with the contact’s data, and touches nothing of theirs', async () => {
    const before = (await outbox()).length;
    const pendingBefore = (await deps.outbox.listPending(500)).length;
    const { status, receipt, replayed } = await sendTestEmail(testDeps, {
      campaignId,
      request: request(),
      principal: marketer,
      username: 'marketing',
      idempotencyKey: freshKey(),
    });
    expect({ status, replayed }).toEqual({ status: 202, replayed: false });
    expect(receipt).toMatchObject({
      to: 'marketing@relay.example',
      from: 'Relay <no-reply@relay.example>',
      subject: '[Test] سلام شیرین',
      stepId: 'welcome',
      contactId,
    });
    const sent = (await outbox()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      from: 'Relay <no-reply@relay.example>',
      destination: { to: ['marketing@relay.example'] },
      subject: '[Test] سلام شیرین',
      body: { text: 'سلام شیرین\nلغو اشتراک: https://api.relay.example/unsubscribe?token=preview-only' },
    });
    expect(sent[0]?.headers).toEqual([
      { name: 'List-Unsubscribe', value: '<https://api.relay.example/unsubscribe?token=preview-only>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      { name: 'X-Relay-Test-Send', value: 'true' },
    ]);
    // Nothing about the contact: no timeline entry, no send counted for the frequency cap, no event for any counter.
    expect((await deps.activities.contactTimeline(contactId, 10)).items).toEqual([]);
    expect(await deps.enrollments.marketingSendTimes(contactId, '2000-01-01T00:00:00.000Z')).toEqual([]);
    expect((await deps.outbox.listPending(500)).length).toBe(pendingBefore);
    // SES's reports of it (through the configuration set) carry no campaign message key, so they are not feedback.
    expect(feedbackFromSesEvent({ eventType: 'Open', mail: { tags: {} } })).toBeUndefined();
  });

  it('sends once per Idempotency-Key: a double click, sequential or at once, is one email with one answer', async () => {
    const key = freshKey();
    const before = (await outbox()).length;
    const input = { campaignId, request: request(), principal: marketer, username: 'marketing', idempotencyKey: key };
    const answers = await Promise.all([sendTestEmail(testDeps, input), sendTestEmail(testDeps, input)]);
    const again = await sendTestEmail(testDeps, input);
    expect((await outbox()).length - before).toBe(1);
    expect(answers.map((answer) => answer.replayed).sort()).toEqual([false, true]);
    expect(again).toEqual({ ...answers[0], replayed: true });
    // The same key for another request is a mistake the client must hear about.
    await expect(
      sendTestEmail(testDeps, { ...input, request: request({ contactId: undefined }) }),
    ).rejects.toBeInstanceOf(UnprocessableContent);
  });

  it('is limited per user: past the limit it is refused with when to retry, and a repeat of an admitted key is still answered', async () => {
    const limited: Principal = { ...marketer, subject: 'user-marketing' };
    const counting = { ...testDeps, context: { ...systemContext, now: () => new Date('2026-12-08T10:00:00.000Z') } };
    // A window of its own (a fixed clock), so the sends of the other tests do not count here.
    const first = freshKey();
    for (let i = 0; i < testSendLimit.count; i++)
      await sendTestEmail(counting, {
        campaignId,
        request: request({ contactId: undefined }),
        principal: limited,
        username: 'marketing',
        idempotencyKey: i === 0 ? first : freshKey(),
      });
    const refusal = await sendTestEmail(counting, {
      campaignId,
      request: request({ contactId: undefined }),
      principal: limited,
      username: 'marketing',
      idempotencyKey: freshKey(),
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequests);
    expect((refusal as TooManyRequests).extensions.retryAfterSeconds).toBe(600);
    const replay = await sendTestEmail(counting, {
      campaignId,
      request: request({ contactId: undefined }),
      principal: limited,
      username: 'marketing',
      idempotencyKey: first,
    });
    expect(replay.replayed).toBe(true);
  });

  it('goes nowhere when the user pool has no email for the user, and gives its key back', async () => {
    const key = freshKey();
    const before = (await outbox()).length;
    const input = { campaignId, request: request(), principal: noEmail, username: 'no-email', idempotencyKey: key };
    await expect(sendTestEmail(testDeps, input)).rejects.toBeInstanceOf(Conflict);
    expect((await outbox()).length).toBe(before);
    // The key was given back, so a retry (once the user has an address) runs afresh instead of replaying a refusal.
    expect(await deps.idempotency.read(`test-send:${noEmail.subject}`, key)).toBeUndefined();
  });

  it('refuses a template error before sending anything', async () => {
    const before = (await outbox()).length;
    await expect(
      sendTestEmail(testDeps, {
        campaignId,
        request: request({ content: { subject: '{{ contact.nope }}', html: 'x', text: 'x' } }),
        principal: marketer,
        username: 'marketing',
        idempotencyKey: freshKey(),
      }),
    ).rejects.toBeInstanceOf(ValidationFailed);
    expect((await outbox()).length).toBe(before);
  });
});
