import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  campaignMessageKey,
  runCampaignStep,
  type CampaignStepDeps,
  type StepTimer,
} from '#shared/campaigns/campaign-step.service.ts';
import { changeCampaignStatus, createCampaign, publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { recordEmailFeedback } from '#shared/campaigns/email-feedback.service.ts';
import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { changeStatusResumingHeld, enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { versionWithStepCounts } from '#shared/campaigns/step-counts.service.ts';
import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { unsubscribeToken } from '#shared/campaigns/unsubscribe-link.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { campaignCounterKeys, campaignKeys } from '#shared/db/keys.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { aContactRequest, anAdmin, aMarketer, fixedContext } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { injectDynamoDbFaults, lambdaCrash, writesEvent } from '../support/fault-injection.ts';
import { createTestTable } from '../support/test-table.ts';

const unsubscribeKey = 'test-unsubscribe-key-0123456789abcdef';
const alwaysOpen = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
const ses = mockClient(SESv2Client);
let table: TableRef;
let base: Dependencies;
let timers: StepTimer[];
let deps: CampaignStepDeps & Dependencies;

beforeAll(async () => {
  table = await createTestTable();
  base = buildDependencies(table, systemContext);
});
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  timers = [];
  deps = {
    ...base,
    context: fixedContext('2026-11-23T10:00:00.000Z'),
    email: new EmailSender(table, 'Relay <news@relay.example>', new SESv2Client({ region: 'us-east-1' })),
    timers: { scheduleOnce: async (timer) => void timers.push(timer.payload as unknown as StepTimer) },
    publicApiUrl: 'https://api.relay.example',
    unsubscribeKey,
  };
});
afterEach(() => ses.reset());

async function aConsentingContact(firstName: string): Promise<Contact> {
  const contact = await createContact(deps, aContactRequest({ firstName }), anAdmin());
  const after = { ...contact, consent: { status: 'granted' as const }, version: contact.version + 1 };
  await deps.contacts.update(contact, after, {
    source: 'relay.contacts',
    detailType: 'Contact Updated',
    detail: {
      id: `consent-${contact.id}`,
      occurredAt: new Date().toISOString(),
      version: 1,
      contactId: contact.id,
      contactVersion: after.version,
      changedFields: ['consent'],
    },
  });
  return after;
}

async function aPublishedJourney(overrides: Record<string, unknown> = {}) {
  const campaign = await createCampaign(
    deps,
    CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen, ...overrides })),
  );
  await publishCampaign(deps, campaign.id, aMarketer());
  return campaign;
}

/** Enrolls the contact; the first step's timer. */
async function enroll(campaignId: string, contact: Contact): Promise<StepTimer> {
  expect((await enrollContact(deps, campaignId, contact.id)).enrolled).toBe(true);
  return timers.at(-1)!;
}

/** The version's numbers as the route answers them, by step id; raw counter sums too, to see nothing is below zero. */
async function numbers(campaignId: string, version = 1) {
  const { stats: counts } = await versionWithStepCounts(deps, campaignId, version);
  const { counters } = await deps.stepCounts.versionCounts(campaignId, version);
  for (const [name, value] of Object.entries(counters))
    if (name.endsWith(':waiting')) expect(value, name).toBeGreaterThanOrEqual(0);
  return { ...counts, step: (id: string) => counts.steps.find((step) => step.stepId === id)! };
}
const wakeOf = () => timers.at(-1)!;

describe('a version’s step counters, kept by the enrollment moves themselves', () => {
  it('counts each step of a journey as contacts go through it: entered, waiting, sent, opened, clicked, completed', async () => {
    const campaign = await aPublishedJourney();
    const [olga, ivan] = [await aConsentingContact('Olga'), await aConsentingContact('Ivan')];
    const olgaStart = await enroll(campaign.id, olga);
    const ivanStart = await enroll(campaign.id, ivan);
    let now = await numbers(campaign.id);
    expect(now).toMatchObject({ countsWholeVersion: true, totals: { enrolled: 2, waiting: 2 } });
    expect(now.countingSince).toBe((await deps.campaigns.getVersion(campaign.id, 1))?.publishedAt);
    expect(now.step('welcome')).toMatchObject({ entered: 2, waiting: 2, sent: 0 });

    // Both get the welcome and begin the two-day wait.
    for (const start of [olgaStart, ivanStart]) {
      expect(await runCampaignStep(deps, start)).toEqual({ continue: true, action: 'send' });
      expect(await runCampaignStep(deps, start)).toEqual({ continue: false, action: 'sleep' });
    }
    const [olgaWake, ivanWake] = timers.slice(-2) as [StepTimer, StepTimer];
    now = await numbers(campaign.id);
    expect(now.step('welcome')).toMatchObject({ entered: 2, waiting: 0, sent: 2 });
    expect(now.step('two-days')).toMatchObject({ entered: 2, waiting: 2 });
    expect(now.step('opened-welcome')).toMatchObject({ entered: 0, waiting: 0 });

    // Olga opens it (SES reports the open again later) and clicks; the welcome counts one open and one click.
    const welcomeKey = campaignMessageKey({ campaignId: campaign.id, contactId: olga.id, run: 1 }, 'welcome');
    expect(await recordEmailFeedback(deps, { messageKey: welcomeKey, type: 'open' })).toEqual({ recorded: true });
    expect(await recordEmailFeedback(deps, { messageKey: welcomeKey, type: 'open' })).toEqual({ recorded: false });
    expect(await recordEmailFeedback(deps, { messageKey: welcomeKey, type: 'click' })).toEqual({ recorded: true });
    expect((await numbers(campaign.id)).step('welcome')).toMatchObject({ opened: 1, clicked: 1 });

    // Two days later: the branch sends Olga the case study (an A/B variant) and Ivan the reminder.
    deps.context = fixedContext('2026-11-25T10:00:00.000Z');
    expect(await runCampaignStep(deps, olgaWake)).toEqual({ continue: true, action: 'send' });
    expect(await runCampaignStep(deps, olgaWake)).toEqual({ continue: false, action: 'end' });
    expect(await runCampaignStep(deps, ivanWake)).toEqual({ continue: true, action: 'send' });
    now = await numbers(campaign.id);
    expect(now.step('two-days')).toMatchObject({ entered: 2, waiting: 0 });
    expect(now.step('opened-welcome')).toMatchObject({ entered: 2, waiting: 0 });
    const olgaVariant = (await deps.enrollments.get(enrollmentId(campaign.id, olga.id)))?.sent[1]?.variantId;
    expect(now.step('case-study')).toMatchObject({ entered: 1, waiting: 0, sent: 1 });
    expect(now.step('case-study').variants.find((variant) => variant.variantId === olgaVariant)?.sent).toBe(1);
    expect(now.step('case-study').variants.reduce((sum, variant) => sum + variant.sent, 0)).toBe(1);
    expect(now.step('reminder')).toMatchObject({ entered: 1, waiting: 0, sent: 1 });
    // Olga went past the goal (not met) and completed there; Ivan stands at it.
    expect(now.step('converted')).toMatchObject({ entered: 2, waiting: 1, completed: 1, converted: 0 });
    expect(now.totals).toMatchObject({ enrolled: 2, waiting: 1, sent: 4, opened: 1, clicked: 1, completed: 1 });

    // Ivan's goal is met when his step runs again: converted at the goal.
    const ivanNow = (await deps.contacts.get(ivan.id))!;
    await deps.contacts.update(
      ivanNow,
      { ...ivanNow, lifecycleStage: 'sql', version: ivanNow.version + 1 },
      {
        source: 'relay.contacts',
        detailType: 'Contact Updated',
        detail: {
          id: `sql-${ivan.id}`,
          occurredAt: new Date().toISOString(),
          version: 1,
          contactId: ivan.id,
          contactVersion: ivanNow.version + 1,
          changedFields: ['lifecycleStage'],
        },
      },
    );
    expect(await runCampaignStep(deps, ivanWake)).toEqual({ continue: false, action: 'end' });
    now = await numbers(campaign.id);
    expect(now.step('converted')).toMatchObject({ entered: 2, waiting: 0, completed: 1, converted: 1 });
    expect(now.totals).toMatchObject({ waiting: 0, converted: 1, completed: 1 });
  });

  it('keeps every counter item small: one transactional write unit pair (under 1 KB) per move', async () => {
    // The first test's campaign has been through every kind of move: read its items as stored.
    const [campaign] = (await deps.campaigns.listAll(1)).items;
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': campaignCounterKeys.partition(campaign!.id),
          ':prefix': campaignCounterKeys.stepCountsPrefix(1),
        },
      }),
    );
    // DynamoDB's item size: attribute names and values in UTF-8 (a number takes about one byte per two digits, plus one).
    const sizeOf = (item: Record<string, unknown>) =>
      Object.entries(item).reduce(
        (size, [name, value]) =>
          size +
          Buffer.byteLength(name) +
          (typeof value === 'number'
            ? Math.ceil(String(Math.abs(value)).length / 2) + 1
            : Buffer.byteLength(String(value))),
        0,
      );
    const sizes = Items.map(sizeOf);
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThan(1024);
    console.info(`[step-counts] ${Items.length} counter items, ${Math.min(...sizes)}-${Math.max(...sizes)} bytes`);
  });

  it('counts a step once however it is retried: two runs at once, a crash after the write, a crash before it', async () => {
    const campaign = await aPublishedJourney({ steps: [aNurtureJourney().steps[0]] });
    const [kim, lea, max] = [
      await aConsentingContact('Kim'),
      await aConsentingContact('Lea'),
      await aConsentingContact('Max'),
    ];

    // The same step run twice at the same moment (a replayed timer, a duplicate execution).
    const kimStart = await enroll(campaign.id, kim);
    const outcomes = await Promise.all([runCampaignStep(deps, kimStart), runCampaignStep(deps, kimStart)]);
    expect(outcomes).toContainEqual({ continue: false, action: 'stale' });

    // A crash after the write committed: the retry finds the enrollment moved and writes nothing.
    const leaStart = await enroll(campaign.id, lea);
    let faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && writesEvent(input, 'Email Sent') ? { after: lambdaCrash() } : undefined,
    );
    try {
      await expect(runCampaignStep(deps, leaStart)).rejects.toThrow('injected');
    } finally {
      faults.restore();
    }
    expect(await runCampaignStep(deps, leaStart)).toEqual({ continue: false, action: 'stale' });

    // A crash before the write: nothing counted, and the retry counts it once.
    const maxStart = await enroll(campaign.id, max);
    faults = injectDynamoDbFaults((command, input) =>
      command === 'TransactWriteCommand' && writesEvent(input, 'Email Sent') ? { before: lambdaCrash() } : undefined,
    );
    try {
      await expect(runCampaignStep(deps, maxStart)).rejects.toThrow('injected');
    } finally {
      faults.restore();
    }
    expect((await numbers(campaign.id)).step('welcome')).toMatchObject({ entered: 3, waiting: 1, sent: 2 });
    expect(await runCampaignStep(deps, maxStart)).toEqual({ continue: false, action: 'send' });

    const now = await numbers(campaign.id);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(now.step('welcome')).toMatchObject({ entered: 3, waiting: 0, sent: 3, completed: 3 });
    expect(now.totals).toMatchObject({ enrolled: 3, waiting: 0, sent: 3, completed: 3 });
  });

  it('counts exits where the enrollment was, by reason; a pause and resume move nothing', async () => {
    const campaign = await aPublishedJourney();
    const [lea, pia] = [await aConsentingContact('Lea'), await aConsentingContact('Pia')];
    const leaStart = await enroll(campaign.id, lea);
    await runCampaignStep(deps, leaStart);
    await runCampaignStep(deps, leaStart);
    const leaWake = wakeOf();
    const piaStart = await enroll(campaign.id, pia);
    const before = await numbers(campaign.id);

    await changeCampaignStatus(deps, campaign.id, { status: 'paused' });
    expect(await runCampaignStep(deps, piaStart)).toEqual({ continue: false, action: 'held' });
    expect((await numbers(campaign.id)).steps).toEqual(before.steps);
    await changeStatusResumingHeld(deps, campaign.id, { status: 'active' });
    expect((await numbers(campaign.id)).steps).toEqual(before.steps);

    // Lea unsubscribes while in the wait; her next step ends the journey there.
    expect(await unsubscribe(deps, unsubscribeToken(lea.id, campaign.id, unsubscribeKey), 'one-click')).toBe(
      'unsubscribed',
    );
    deps.context = fixedContext('2026-11-25T10:00:00.000Z');
    expect(await runCampaignStep(deps, leaWake)).toEqual({ continue: false, action: 'end' });
    const now = await numbers(campaign.id);
    expect(now.step('two-days')).toMatchObject({ entered: 1, waiting: 0, exited: { unsubscribed: 1 } });
    expect(now.step('welcome')).toMatchObject({ entered: 2, waiting: 1 });
    expect(now.totals.exited).toMatchObject({ unsubscribed: 1, bounced: 0, erased: 0 });
  });

  it('counts an erased contact out of the step it was at', async () => {
    const campaign = await aPublishedJourney();
    const zoe = await aConsentingContact('Zoe');
    const start = await enroll(campaign.id, zoe);
    await runCampaignStep(deps, start);
    await runCampaignStep(deps, start);
    expect((await numbers(campaign.id)).step('two-days')).toMatchObject({ waiting: 1 });
    await eraseContact(deps, zoe.id);
    expect(await deps.enrollments.get(enrollmentId(campaign.id, zoe.id))).toBeUndefined();
    expect((await numbers(campaign.id)).step('two-days')).toMatchObject({
      entered: 1,
      waiting: 0,
      exited: { erased: 1 },
    });
  });

  it('counts a re-enrollment again, and an open of the earlier run’s email on no step', async () => {
    const campaign = await aPublishedJourney({
      steps: [aNurtureJourney().steps[0]],
      reEnrollment: { policy: 'after-exit', minDaysBetween: 0 },
    });
    const kim = await aConsentingContact('Kim');
    await runCampaignStep(deps, await enroll(campaign.id, kim));
    await enroll(campaign.id, kim);
    const firstRun = campaignMessageKey({ campaignId: campaign.id, contactId: kim.id, run: 1 }, 'welcome');
    expect(await recordEmailFeedback(deps, { messageKey: firstRun, type: 'open' })).toEqual({ recorded: true });
    const now = await numbers(campaign.id);
    expect(now.step('welcome')).toMatchObject({ entered: 2, waiting: 1, sent: 1, opened: 0, completed: 1 });
    expect(now.totals.enrolled).toBe(2);
  });

  it('keeps each version’s counters apart, and says from when a version published before the counters is counted', async () => {
    const campaign = await aPublishedJourney();
    expect(await numbers(campaign.id, 1)).toMatchObject({ countsWholeVersion: true, totals: { enrolled: 0 } });
    // Version 2, as a Relay without counters published it (no stepCountsSince).
    const { stepCountsSince: _counted, ...older } = (await deps.campaigns.getVersion(campaign.id, 1))!;
    await table.db.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...campaignKeys.version(campaign.id, 2), entity: 'CampaignVersion', ...older, number: 2 },
      }),
    );
    const campaignNow = (await deps.campaigns.get(campaign.id))!;
    await deps.campaigns.update(campaignNow, { ...campaignNow, publishedVersion: 2, version: campaignNow.version + 1 });
    expect(await numbers(campaign.id, 2)).toMatchObject({ countsWholeVersion: false, countingSince: null });
    deps.context = fixedContext('2026-11-26T08:00:00.000Z');
    await enroll(campaign.id, await aConsentingContact('Uma'));
    expect(await numbers(campaign.id, 2)).toMatchObject({
      countsWholeVersion: false,
      countingSince: '2026-11-26T08:00:00.000Z',
      totals: { enrolled: 1 },
    });
    expect((await numbers(campaign.id, 1)).totals.enrolled).toBe(0);
    await expect(versionWithStepCounts(deps, campaign.id, 3)).rejects.toThrow('no published version 3');
  });
});
