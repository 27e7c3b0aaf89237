import { createHash } from 'node:crypto';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { logActivity } from '#shared/activities/activity.service.ts';
import { CreateActivityRequest } from '#shared/activities/activity.schema.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  campaignMessageKey,
  runCampaignStep,
  type CampaignStepDeps,
  type StepTimer,
} from '#shared/campaigns/campaign-step.service.ts';
import { createCampaign, publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { recordEmailFeedback } from '#shared/campaigns/email-feedback.service.ts';
import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { unsubscribeToken } from '#shared/campaigns/unsubscribe-link.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { createDeal } from '#shared/deals/deal.service.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest, type Form } from '#shared/forms/form.schema.ts';
import { submitForm, type FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { exportPersonalData } from '#shared/privacy/personal-data-export.service.ts';
import { checkMailable, expireSurvey } from '#shared/surveys/survey-send.service.ts';
import { aMarketer, anAdmin, aPipelineRequest } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { formTokenIssued, testSecrets } from '../support/lead-deps.ts';
import { createTestTable } from '../support/test-table.ts';

// The person, with values unusual enough that finding one anywhere in the table can only mean a leak.
const person = {
  email: 'Zephyrine.Quill@Privacy.example',
  emailNormalised: 'zephyrine.quill@privacy.example',
  firstName: 'Zephyrine',
  lastName: 'Quillfeather',
  phone: '+44 20 7946 0958',
};
const unsubscribeKey = 'test-unsubscribe-key-0123456789abcdef';
const alwaysOpen = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  startHour: 0,
  endHour: 24,
  timeZone: 'UTC',
};
const ses = mockClient(SESv2Client);

let table: TableRef;
let deps: FormSubmissionDeps & CampaignStepDeps & Dependencies;
let form: Form;
let campaignId: string;
let timers: StepTimer[];

beforeAll(async () => {
  table = await createTestTable();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  timers = [];
  deps = {
    ...buildDependencies(table, systemContext),
    secrets: testSecrets,
    verifyTurnstile: async () => true,
    email: new EmailSender(
      table,
      'Relay <news@relay.example>',
      new SESv2Client({ region: 'us-east-1' }),
      'relay-marketing',
    ),
    timers: { scheduleOnce: async (timer) => void timers.push(timer.payload as unknown as StepTimer) },
    publicApiUrl: 'https://api.relay.example',
    unsubscribeKey,
  };
  const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen })));
  await publishCampaign(deps, campaign.id, aMarketer());
  campaignId = campaign.id;
  form = await createForm(
    deps,
    CreateFormRequest.parse({
      name: 'Guide',
      fieldMapping: { email: 'email', first: 'firstName', last: 'lastName', phone: 'phone' },
      consent: { text: 'Send me news', version: 'v3' },
      minFillSeconds: 0,
    }),
  );
});
afterAll(() => ses.restore());

const submit = async (phone = person.phone) =>
  submitForm(deps, {
    formId: form.id,
    fields: {
      email: person.email,
      first: person.firstName,
      last: person.lastName,
      phone,
      _relay_token: await formTokenIssued(form.id, 30),
    },
    ip: '198.51.100.7',
  });
const marketingMailsTo = (address: string) =>
  ses.commandCalls(SendEmailCommand).filter((call) => call.args[0].input.Destination?.ToAddresses?.[0] === address);

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new ScanCommand({ TableName: table.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
const mentioning = (items: Record<string, unknown>[], values: string[]) =>
  items.filter((item) => values.some((value) => JSON.stringify(item).toLowerCase().includes(value.toLowerCase())));
const personalValues = [person.emailNormalised, person.firstName, person.lastName, person.phone, '198.51.100.7'];

/** A contact with every kind of record Relay keeps about a person; returns its id and a pending campaign-step timer. */
async function aContactWithFullFootprint() {
  expect((await submit()).response.status).toBe(202);
  const contactId = (await deps.contacts.findIdByEmail(person.emailNormalised)) as string;
  expect(contactId).toBeDefined();
  expect((await enrollContact(deps, campaignId, contactId)).enrolled).toBe(true);
  const first = timers.at(-1) as StepTimer;
  expect(await runCampaignStep(deps, first)).toMatchObject({ action: 'send' });
  expect(await runCampaignStep(deps, first)).toMatchObject({ action: 'sleep' });
  expect(
    await recordEmailFeedback(deps, {
      messageKey: campaignMessageKey({ campaignId, contactId, run: 1 }, 'welcome'),
      type: 'open',
    }),
  ).toEqual({ recorded: true });
  const pipeline = await createPipeline(deps, aPipelineRequest());
  const deal = await createDeal(
    deps,
    CreateDealRequest.parse({ name: 'Rollout', pipelineId: pipeline.id, amount: 5000, contactId }),
    anAdmin(),
  );
  await logActivity(
    deps,
    CreateActivityRequest.parse({ type: 'call', subject: 'Discovery call', contactId, dealId: deal.id }),
    anAdmin(),
  );
  const now = new Date().toISOString();
  const sendId = `send-${contactId}`;
  await deps.surveySends.create({
    id: sendId,
    surveyId: 'survey-1',
    contactId,
    triggerEventId: 'evt-1',
    kind: 'nps',
    status: 'answered',
    reminded: false,
    createdAt: now,
    version: 1,
    updatedAt: now,
  });
  await deps.contacts.write([
    deps.surveySends.responseItem(
      {
        sendId,
        surveyId: 'survey-1',
        contactId,
        kind: 'nps',
        score: 9,
        category: 'promoter',
        comment: `Thanks, ${person.firstName}`,
        activityId: 'a-1',
        answeredAt: now,
        updatedAt: now,
        late: false,
      },
      undefined,
    ),
    deps.leadFailures.recordItem({
      id: 'f-1',
      contactId,
      at: now,
      step: 'route',
      error: 'Timeout',
      cause: `routing ${person.emailNormalised} timed out`,
      causationId: 'evt-2',
    }),
  ]);
  expect(await unsubscribe(deps, unsubscribeToken(contactId, campaignId, unsubscribeKey), 'one-click')).toBe(
    'unsubscribed',
  );
  return { contactId, dealId: deal.id, pendingStep: first };
}

describe('GDPR export and erasure on DynamoDB Local', () => {
  it('exports everything held, erases all of it but one hashed suppression entry, and never mails the person again', async () => {
    const { contactId, dealId, pendingStep } = await aContactWithFullFootprint();

    const held = await exportPersonalData(deps, contactId);
    expect(held.contact).toMatchObject({
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      phone: person.phone,
    });
    expect(held.consentHistory.map((record) => record.status)).toEqual(['granted', 'withdrawn']);
    expect(held.engagements.map((engagement) => engagement.kind)).toContain('email_opened');
    expect(held.marketingSends).toHaveLength(1);
    expect(held.leadFailures).toEqual([expect.objectContaining({ step: 'route' })]);
    expect(held.activities.map((activity) => activity.type).sort()).toEqual(
      expect.arrayContaining(['call', 'email', 'form_submission']),
    );
    expect(held.enrollments).toEqual([expect.objectContaining({ campaignId, contactId })]);
    expect(held.surveySends).toEqual([expect.objectContaining({ contactId })]);
    expect(held.surveyResponses).toEqual([expect.objectContaining({ score: 9 })]);
    expect(held.deals).toEqual([expect.objectContaining({ id: dealId, contactId })]);
    expect(held.suppression).toMatchObject({ reason: 'unsubscribed' });
    expect(held.otherRecords).toEqual([]);
    expect(mentioning(await scanAll(), [contactId]).length).toBeGreaterThan(15);

    // An erasure that crashes midway (here: its Lambda times out at the deal) has already suppressed the address; a retry finishes it.
    const crashing = {
      ...deps,
      deals: Object.assign(Object.create(deps.deals) as typeof deps.deals, {
        update: async () => Promise.reject(new Error('Lambda timed out')),
      }),
    };
    await expect(eraseContact(crashing, contactId)).rejects.toThrow('Lambda timed out');
    expect(await deps.suppressions.reasonFor(person.emailNormalised)).toBe('erased');
    expect(await deps.enrollments.get(enrollmentId(campaignId, contactId))).toBeUndefined();
    const summary = await eraseContact(deps, contactId);
    expect(summary).toEqual({
      contactId,
      contactFound: true,
      suppressed: true,
      erased: {
        contact: 1,
        contactRecords:
          held.consentHistory.length + held.engagements.length + held.marketingSends.length + held.leadFailures.length,
        activities: held.activities.length,
        enrollments: 0,
        surveySends: 1,
        dealsUnlinked: 1,
        tickets: 0,
      },
    });

    const remaining = await scanAll();
    expect(mentioning(remaining, personalValues)).toEqual([]);
    const suppression = remaining.filter((item) => String(item.pk).startsWith('SUPPRESSION#'));
    expect(suppression).toEqual([
      expect.objectContaining({
        pk: `SUPPRESSION#${createHash('sha256').update(person.emailNormalised).digest('hex')}`,
        reason: 'erased',
        consentHistory: [
          expect.objectContaining({ status: 'granted', method: 'form' }),
          expect.objectContaining({ status: 'withdrawn', method: 'unsubscribe' }),
        ],
      }),
    ]);
    expect(JSON.stringify(suppression)).not.toContain(contactId);
    expect(JSON.stringify(suppression)).not.toMatch(/ipHash|Send me news/);
    // Only relayed-event records (ids, never personal data; TTL 7 days) still carry the bare contact id.
    const stillNamingTheId = mentioning(remaining, [contactId]);
    expect(new Set(stillNamingTheId.map((item) => item.entity))).toEqual(new Set(['OutboxEvent']));
    expect(stillNamingTheId.map((item) => item.detailType)).toContain('Contact Erased');
    const deal = remaining.find((item) => item.entity === 'Deal' && item.id === dealId);
    expect(deal).toMatchObject({ name: 'Rollout', amount: 5000 });
    expect(deal).not.toHaveProperty('contactId');

    // Erasing again finds nothing left and changes nothing.
    expect(await eraseContact(deps, contactId)).toEqual({
      contactId,
      contactFound: false,
      suppressed: false,
      erased: {
        contact: 0,
        contactRecords: 0,
        activities: 0,
        enrollments: 0,
        surveySends: 0,
        dealsUnlinked: 0,
        tickets: 0,
      },
    });
    expect(await scanAll()).toHaveLength(remaining.length);

    // The survey workflow still waiting on the erased send skips, and recreates nothing.
    expect(await checkMailable(deps, `send-${contactId}`)).toEqual({ mailable: false, reason: 'erased' });
    expect(await expireSurvey(deps, `send-${contactId}`)).toEqual({ status: 'skipped' });
    expect(await scanAll()).toHaveLength(remaining.length);

    // The campaign step that was still scheduled finds the enrollment gone and sends nothing.
    const mailsBefore = marketingMailsTo(person.email).length;
    expect(await runCampaignStep(deps, { ...pendingStep, dueAt: new Date().toISOString() })).toEqual({
      continue: false,
      action: 'stale',
    });

    // The same person submits the form again (with a new phone: an identical one within 24 h is answered from the
    // idempotency record and creates nothing): a new contact with fresh consent, enrolled, and still never mailed.
    expect((await submit('+44 20 7946 0000')).response.status).toBe(202);
    const newId = (await deps.contacts.findIdByEmail(person.emailNormalised)) as string;
    expect(newId).not.toBe(contactId);
    expect(await deps.contacts.get(newId)).toMatchObject({ consent: { status: 'granted' } });
    expect((await enrollContact(deps, campaignId, newId)).enrolled).toBe(true);
    expect(await runCampaignStep(deps, timers.at(-1) as StepTimer)).toEqual({ continue: false, action: 'end' });
    expect(await deps.enrollments.get(enrollmentId(campaignId, newId))).toMatchObject({
      status: 'ended',
      endReason: 'erased',
    });
    const now = new Date().toISOString();
    await deps.surveySends.create({
      id: `send-${newId}`,
      surveyId: 'survey-1',
      contactId: newId,
      triggerEventId: 'evt-3',
      kind: 'nps',
      status: 'planned',
      reminded: false,
      createdAt: now,
      version: 1,
      updatedAt: now,
    });
    expect(await checkMailable(deps, `send-${newId}`)).toEqual({ mailable: false, reason: 'suppressed-erased' });
    expect(marketingMailsTo(person.email)).toHaveLength(mailsBefore);
  }, 60_000);

  it('keeps the consent proof when a retry finds the consent records already gone', async () => {
    const email = 'retry.person@privacy.example';
    expect(
      (
        await submitForm(deps, {
          formId: form.id,
          fields: { email, first: 'Retry', _relay_token: await formTokenIssued(form.id, 30) },
          ip: '198.51.100.8',
        })
      ).response.status,
    ).toBe(202);
    const contactId = (await deps.contacts.findIdByEmail(email)) as string;
    // The Lambda dies after deleting everything but the contact itself.
    const crashing = {
      ...deps,
      contacts: Object.assign(Object.create(deps.contacts) as typeof deps.contacts, {
        delete: async () => Promise.reject(new Error('Lambda timed out')),
      }),
    };
    await expect(eraseContact(crashing, contactId)).rejects.toThrow('Lambda timed out');
    expect(await deps.consents.history(contactId)).toEqual([]);
    expect(await eraseContact(deps, contactId)).toMatchObject({
      contactFound: true,
      erased: { contact: 1, contactRecords: 0 },
    });
    expect(await deps.contacts.get(contactId)).toBeUndefined();
    expect(await deps.contacts.findIdByEmail(email)).toBeUndefined();
    expect(await deps.suppressions.get(email)).toMatchObject({
      reason: 'erased',
      consentHistory: [{ status: 'granted', method: 'form', source: `form:${form.id}`, textVersion: 'v3' }],
    });
  });
});
