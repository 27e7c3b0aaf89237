import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
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
import {
  changeCampaignStatus,
  createCampaign,
  publishCampaign,
  replaceDraft,
} from '#shared/campaigns/campaign.service.ts';
import { createSegment } from '#shared/segments/segment.service.ts';
import { CreateSegmentRequest } from '#shared/segments/segment.schema.ts';
import { changeStatusResumingHeld, enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { enrollmentId } from '#shared/campaigns/enrollment.schema.ts';
import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { enrollSegmentPage } from '#shared/campaigns/segment-enrollment.service.ts';
import { unsubscribeToken } from '#shared/campaigns/unsubscribe-link.ts';
import { recordEmailFeedback } from '#shared/campaigns/email-feedback.service.ts';
import { recordInboundEmail } from '#shared/campaigns/inbound-email.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { aContactRequest, anAdmin, aMarketer, fixedContext } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { injectDynamoDbFaults, lambdaCrash, writesEvent } from '../support/fault-injection.ts';
import { createTestTable } from '../support/test-table.ts';

const unsubscribeKey = 'test-unsubscribe-key-0123456789abcdef';
const alwaysOpen = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  startHour: 0,
  endHour: 24,
  timeZone: 'UTC',
};
const ses = mockClient(SESv2Client);
let table: TableRef;
let base: Dependencies;
let timers: Parameters<TimerScheduler['scheduleOnce']>[0][];
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
    // A fixed clock, so the journey's times can be asserted to the millisecond.
    context: fixedContext('2026-11-23T10:00:00.000Z'),
    email: new EmailSender(
      table,
      'Relay <news@relay.example>',
      new SESv2Client({ region: 'us-east-1' }),
      'relay-marketing',
    ),
    timers: { scheduleOnce: async (timer) => void timers.push(timer) },
    publicApiUrl: 'https://api.relay.example',
    unsubscribeKey,
  };
});
afterEach(() => ses.reset());

/** A published journey (always inside its send window) and a consenting contact enrolled in it; returns the first step's timer. */
async function enrolled(overrides: Record<string, unknown> = {}) {
  const campaign = await createCampaign(
    deps,
    CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen, ...overrides })),
  );
  await publishCampaign(deps, campaign.id, aMarketer());
  const contact = await createContact(deps, aContactRequest({ firstName: 'Kim' }), anAdmin());
  await deps.contacts.update(
    contact,
    { ...contact, consent: { status: 'granted' }, version: contact.version + 1 },
    {
      source: 'relay.contacts',
      detailType: 'Contact Updated',
      detail: {
        id: `consent-${contact.id}`,
        occurredAt: new Date().toISOString(),
        version: 1,
        contactId: contact.id,
        contactVersion: 2,
        changedFields: ['consent'],
      },
    },
  );
  const outcome = await enrollContact(deps, campaign.id, contact.id);
  expect(outcome.enrolled).toBe(true);
  return { campaign, contact, timer: timers.at(-1)?.payload as unknown as StepTimer };
}
const sentSubjects = () =>
  ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Content?.Simple?.Subject?.Data);

describe('running campaign steps', () => {
  it('sends marketing mail with one-click List-Unsubscribe through the configuration set, then sleeps on the wait with a timer', async () => {
    const { timer, contact, campaign } = await enrolled();
    expect(await runCampaignStep(deps, timer)).toEqual({ continue: true, action: 'send' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('relay-marketing');
    expect(input?.EmailTags).toEqual([
      { Name: 'relay-message-key', Value: `campaign_${campaign.id}_${contact.id}_1_welcome` },
    ]);
    const url = `https://api.relay.example/unsubscribe?token=${unsubscribeToken(contact.id, campaign.id, unsubscribeKey)}`;
    expect(input?.Content?.Simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: `<${url}>` },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
      { Name: 'X-Relay-Message-Key', Value: `campaign:${campaign.id}:${contact.id}:1:welcome` },
    ]);
    expect(input?.Content?.Simple?.Subject?.Data).toBe('Welcome, Kim');
    const timeline = (await deps.activities.contactTimeline(contact.id, 10)).items;
    expect(timeline).toEqual([
      expect.objectContaining({
        type: 'email',
        subject: 'Welcome, Kim',
        direction: 'outbound',
        details: expect.objectContaining({ stepId: 'welcome' }),
      }),
    ]);
    expect(timeline[0]?.ownerId).toBeUndefined();

    expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'sleep' });
    const wake = timers.at(-1);
    expect(Date.parse(wake?.at ?? '') - Date.parse(timer.dueAt)).toBe(2 * 24 * 3600 * 1000);
    expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.stepId).toBe('opened-welcome');
  });

  it('branches on an open of its own email, sends the A/B variant, and completes; a replayed timer sends nothing twice', async () => {
    const { timer, contact, campaign } = await enrolled();
    await runCampaignStep(deps, timer);
    await runCampaignStep(deps, timer);
    const wake = timers.at(-1)?.payload as unknown as StepTimer;
    expect(
      await recordEmailFeedback(deps, {
        messageKey: campaignMessageKey({ campaignId: campaign.id, contactId: contact.id, run: 1 }, 'welcome'),
        type: 'open',
      }),
    ).toEqual({ recorded: true });
    expect(await runCampaignStep(deps, wake)).toEqual({ continue: true, action: 'send' });
    expect(await runCampaignStep(deps, wake)).toEqual({ continue: false, action: 'end' });
    expect(sentSubjects()).toEqual([
      'Welcome, Kim',
      expect.stringMatching(/^(How teams save time|A case study for you)$/),
    ]);
    const enrollment = await deps.enrollments.get(enrollmentId(campaign.id, contact.id));
    expect(enrollment).toMatchObject({ status: 'ended', endReason: 'completed' });
    expect(enrollment?.sent.map((send) => send.at)).toEqual([timer.dueAt, wake.dueAt]);
    expect(await runCampaignStep(deps, wake)).toEqual({ continue: false, action: 'stale' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('loses no email and sends none twice when SES throttles, or the step crashes after sending', async () => {
    const { timer, contact, campaign } = await enrolled();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }))
      .resolves({ MessageId: 'm-2' });
    await expect(runCampaignStep(deps, timer)).rejects.toBeInstanceOf(TooManyRequestsException);
    expect(await runCampaignStep(deps, timer)).toEqual({ continue: true, action: 'send' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);

    // Next email: it is sent, then the write that moves the enrollment on fails once (a crash).
    await runCampaignStep(deps, timer);
    const wake = timers.at(-1)?.payload as unknown as StepTimer;
    const advance = deps.enrollments.advance.bind(deps.enrollments);
    let crashes = 1;
    deps.enrollments.advance = async (...args) => {
      if (crashes-- > 0) throw new Error('crashed after sending');
      return advance(...args);
    };
    await expect(runCampaignStep(deps, wake)).rejects.toThrow('crashed after sending');
    expect(await runCampaignStep(deps, wake)).toEqual({ continue: true, action: 'send' });
    deps.enrollments.advance = advance;
    expect(
      ses
        .commandCalls(SendEmailCommand)
        .filter((call) => call.args[0].input.Content?.Simple?.Subject?.Data === 'Did you see this?'),
    ).toHaveLength(1);
    expect(
      (await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.sent.map((send) => send.stepId),
    ).toEqual(['welcome', 'reminder']);
  });

  it('sends nothing more after an unsubscribe, which a tampered link cannot do', async () => {
    const { timer, contact, campaign } = await enrolled();
    await runCampaignStep(deps, timer);
    const token = unsubscribeToken(contact.id, campaign.id, unsubscribeKey);
    expect(await unsubscribe(deps, `${token.slice(0, -2)}xx`, 'one-click')).toBe('invalid');
    expect(await unsubscribe(deps, token, 'one-click')).toBe('unsubscribed');
    expect(await unsubscribe(deps, token, 'one-click')).toBe('already-unsubscribed');
    expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'end' });
    expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.endReason).toBe('unsubscribed');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    // Consent is withdrawn, with proof, and only one withdrawal is recorded however often the link is used.
    expect((await deps.contacts.get(contact.id))?.consent).toMatchObject({
      status: 'withdrawn',
      source: `campaign:${campaign.id}`,
    });
    expect((await deps.consents.history(contact.id)).map((record) => [record.status, record.method])).toEqual([
      ['withdrawn', 'unsubscribe'],
    ]);
  });

  it('unsubscribes even when the contact is being changed at the same moment', async () => {
    const { contact, campaign } = await enrolled();
    const token = unsubscribeToken(contact.id, campaign.id, unsubscribeKey);
    const rename = async (i: number) => {
      const current = (await deps.contacts.get(contact.id))!;
      await deps.contacts
        .update(
          current,
          { ...current, jobTitle: `Title ${i}`, version: current.version + 1 },
          {
            source: 'relay.contacts',
            detailType: 'Contact Updated',
            detail: {
              id: `rename-${contact.id}-${i}`,
              occurredAt: new Date().toISOString(),
              version: 1,
              contactId: contact.id,
              contactVersion: current.version + 1,
              changedFields: ['jobTitle'],
            },
          },
        )
        .catch(() => undefined);
    };
    const [outcome] = await Promise.all([unsubscribe(deps, token, 'one-click'), rename(1), rename(2)]);
    expect(outcome).toBe('unsubscribed');
    expect((await deps.contacts.get(contact.id))?.consent.status).toBe('withdrawn');
    expect(await deps.suppressions.reasonFor(contact.emailNormalised)).toBe('unsubscribed');
  });

  it('an unsubscribe racing a send: at most the email already on its way, never one after, never one twice', async () => {
    for (const delayMs of [0, 1, 3, 8, 20]) {
      ses.reset();
      ses.on(SendEmailCommand).resolves({ MessageId: `m-${delayMs}` });
      const { timer, contact, campaign } = await enrolled();
      const token = unsubscribeToken(contact.id, campaign.id, unsubscribeKey);
      const later = async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return unsubscribe(deps, token, 'one-click');
      };
      // The step, its retry (a replayed timer) and the unsubscribe, all at once.
      const [, , outcome] = await Promise.all([
        runCampaignStep(deps, timer).catch(() => undefined),
        runCampaignStep(deps, timer).catch(() => undefined),
        later(),
      ]);
      expect(outcome).toBe('unsubscribed');
      const sentBefore = ses.commandCalls(SendEmailCommand).length;
      expect(sentBefore, `delay ${delayMs} ms`).toBeLessThanOrEqual(1);
      const next = timers.at(-1)?.payload as unknown as StepTimer;
      await runCampaignStep(deps, next);
      await runCampaignStep(deps, timer);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(sentBefore);
      expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.status).not.toBe('active');
    }
  });

  it('ends a journey that exits on reply when the contact replies, records the reply once, and ignores strangers', async () => {
    const { timer, contact, campaign } = await enrolled({
      exitWhen: ['unsubscribed', 'bounced', 'complained', 'replied'],
    });
    deps.replyTo = 'replies@relay.example';
    await runCampaignStep(deps, timer);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.ReplyToAddresses).toEqual(['replies@relay.example']);
    const reply = {
      from: contact.email.toUpperCase(),
      subject: 'Re: Welcome, Kim',
      messageId: '<reply-1@mail.example.com>',
      receivedAt: '2026-11-23T10:30:00.000Z',
    };
    expect(await recordInboundEmail(deps, reply)).toEqual({ recorded: true });
    expect(await recordInboundEmail(deps, reply)).toEqual({ recorded: false });
    expect(
      await recordInboundEmail(deps, { ...reply, from: 'stranger@example.net', messageId: '<x@example.net>' }),
    ).toEqual({ recorded: false });
    expect((await deps.activities.contactTimeline(contact.id, 10)).items).toContainEqual(
      expect.objectContaining({ type: 'email', direction: 'inbound', subject: 'Re: Welcome, Kim' }),
    );
    expect(
      (await deps.engagements.recent(contact.id)).filter((engagement) => engagement.kind === 'email_replied'),
    ).toHaveLength(1);
    expect(await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer)).toEqual({
      continue: false,
      action: 'end',
    });
    expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.endReason).toBe('replied');
  });

  it('records a repeated SES open once: one engagement, one timeline entry', async () => {
    const { timer, contact, campaign } = await enrolled();
    await runCampaignStep(deps, timer);
    const welcome = campaignMessageKey({ campaignId: campaign.id, contactId: contact.id, run: 1 }, 'welcome');
    expect(await recordEmailFeedback(deps, { messageKey: welcome, type: 'open' })).toEqual({ recorded: true });
    deps.context = fixedContext('2026-11-23T11:00:00.000Z');
    expect(await recordEmailFeedback(deps, { messageKey: welcome, type: 'open' })).toEqual({ recorded: false });
    expect(await recordEmailFeedback(deps, { messageKey: welcome, type: 'click' })).toEqual({ recorded: true });
    expect((await deps.engagements.recent(contact.id)).map((engagement) => engagement.kind).sort()).toEqual([
      'email_clicked',
      'email_opened',
    ]);
    expect(
      (await deps.activities.contactTimeline(contact.id, 10)).items.map((activity) => activity.subject).sort(),
    ).toEqual(['Email click', 'Email open', 'Welcome, Kim']);
  });

  it('ends the journey after a permanent bounce, but not after a transient one', async () => {
    const { timer, contact, campaign } = await enrolled();
    await runCampaignStep(deps, timer);
    const welcome = campaignMessageKey({ campaignId: campaign.id, contactId: contact.id, run: 1 }, 'welcome');
    expect(await recordEmailFeedback(deps, { messageKey: welcome, type: 'bounce', bounceType: 'Transient' })).toEqual({
      recorded: false,
    });
    expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'sleep' });
    await recordEmailFeedback(deps, { messageKey: welcome, type: 'bounce', bounceType: 'Permanent' });
    expect(await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer)).toEqual({
      continue: false,
      action: 'end',
    });
    expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.endReason).toBe('bounced');
    expect(
      (await deps.outbox.listPending(500)).some(
        (event) =>
          event.detailType === 'Email Bounced' && (event.detail as { contactId: string }).contactId === contact.id,
      ),
    ).toBe(true);
    expect((await deps.activities.contactTimeline(contact.id, 10)).items.map((activity) => activity.subject)).toContain(
      'Email bounce (permanent)',
    );
  });

  it('branches on segment membership, read from the contact as it is now', async () => {
    const vip = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: `VIP ${Math.random()}`, filter: { tagsAny: ['vip'] } }),
    );
    const { timer, contact, campaign } = await enrolled();
    const byMembership = CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen }));
    Object.assign(byMembership.steps[2] as object, { condition: { kind: 'in-segment', segmentId: vip.id } });
    await replaceDraft(deps, campaign.id, byMembership);
    await publishCampaign(deps, campaign.id, aMarketer());
    // The enrollment keeps the version it started on (1, without the segment); a new one gets version 2.
    const stored = (await deps.contacts.get(contact.id))!;
    await deps.contacts.update(
      stored,
      { ...stored, tags: ['vip'], version: stored.version + 1 },
      {
        source: 'relay.contacts',
        detailType: 'Contact Updated',
        detail: {
          id: `vip-${contact.id}`,
          occurredAt: new Date().toISOString(),
          version: 1,
          contactId: contact.id,
          contactVersion: stored.version + 1,
          changedFields: ['tags'],
        },
      },
    );
    await runCampaignStep(deps, timer);
    await runCampaignStep(deps, timer);
    await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer);
    expect(sentSubjects().at(-1)).toBe('Did you see this?');

    const second = await createContact(deps, aContactRequest({ firstName: 'Val', tags: ['vip'] }), anAdmin());
    await deps.contacts.update(
      second,
      { ...second, consent: { status: 'granted' }, version: second.version + 1 },
      {
        source: 'relay.contacts',
        detailType: 'Contact Updated',
        detail: {
          id: `consent-${second.id}`,
          occurredAt: new Date().toISOString(),
          version: 1,
          contactId: second.id,
          contactVersion: 2,
          changedFields: ['consent'],
        },
      },
    );
    await enrollContact(deps, campaign.id, second.id);
    const start = timers.at(-1)?.payload as unknown as StepTimer;
    await runCampaignStep(deps, start);
    await runCampaignStep(deps, start);
    await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer);
    expect(sentSubjects().at(-1)).toMatch(/^(How teams save time|A case study for you)$/);
    expect((await deps.enrollments.get(enrollmentId(campaign.id, second.id)))?.campaignVersion).toBe(2);
  });

  it('enrolls a segment page by page, spreading first emails to the SES send rate, and never twice', async () => {
    const tag = `spring-${Math.random().toString(36).slice(2, 8)}`;
    const segment = await createSegment(
      deps,
      CreateSegmentRequest.parse({ name: `Spring ${tag}`, filter: { tagsAny: [tag] } }),
    );
    for (let i = 0; i < 230; i++) await createContact(deps, aContactRequest({ tags: [tag] }), anAdmin());
    const campaign = await createCampaign(
      deps,
      CampaignDefinition.parse(
        aNurtureJourney({ sendWindow: alwaysOpen, trigger: { type: 'segment', segmentId: segment.id } }),
      ),
    );
    await publishCampaign(deps, campaign.id, aMarketer());
    const startAt = '2026-11-23T10:00:00.000Z';
    let page = await enrollSegmentPage(deps, {
      campaignId: campaign.id,
      segmentId: segment.id,
      startAt,
      sendsPerSecond: 10,
      offset: 0,
    });
    let pages = 1;
    while (page.nextCursor) {
      page = await enrollSegmentPage(deps, {
        campaignId: campaign.id,
        segmentId: segment.id,
        startAt,
        sendsPerSecond: 10,
        offset: page.offset,
        cursor: page.nextCursor,
      });
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    const firstSteps = timers
      .filter((timer) => timer.payload.campaignId === campaign.id)
      .map((timer) => Date.parse(timer.at) - Date.parse(startAt))
      .sort((a, b) => a - b);
    expect(firstSteps).toHaveLength(230);
    expect(firstSteps.at(-1)).toBe(22_900);
    expect(new Set(firstSteps).size).toBe(230);
    const again = await enrollSegmentPage(deps, {
      campaignId: campaign.id,
      segmentId: segment.id,
      startAt,
      sendsPerSecond: 10,
      offset: 0,
    });
    expect(again).toMatchObject({ enrolled: 0, skipped: 100 });
  }, 60_000);

  it('holds enrollments while the campaign is paused and sets them going when it resumes', async () => {
    const { timer, contact, campaign } = await enrolled();
    await changeCampaignStatus(deps, campaign.id, { status: 'paused' });
    expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'held' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    timers = [];
    await changeStatusResumingHeld(deps, campaign.id, { status: 'active' });
    expect(timers).toHaveLength(1);
    expect(await runCampaignStep(deps, timers[0]?.payload as unknown as StepTimer)).toEqual({
      continue: true,
      action: 'send',
    });
    expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.status).toBe('active');
  });

  describe('a journey whose last step is not a goal or a branch', () => {
    const [welcome, , , reminder, caseStudy] = aNurtureJourney().steps;
    const tagUpdate = { id: 'tag-nurtured', type: 'update', set: { addTags: ['nurtured'] } };
    const reEnrollment = { policy: 'after-exit', minDaysBetween: 0 };
    const endEventId = (campaignId: string, contactId: string, run: number) =>
      `ended-${campaignId}-${contactId}-${run}`;
    const endEvents = async (campaignId: string, contactId: string) =>
      (await deps.outbox.listPending(1000)).filter(
        (event) =>
          event.detailType === 'Campaign Enrollment Ended' &&
          (event.detail as { campaignId: string; contactId: string }).campaignId === campaignId &&
          (event.detail as { contactId: string }).contactId === contactId,
      );

    it('ends as completed after its last email, publishing Campaign Enrollment Ended once, and lets reEnrollment enroll again', async () => {
      const { timer, contact, campaign } = await enrolled({ steps: [welcome], reEnrollment });
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'send' });
      const enrollment = await deps.enrollments.get(enrollmentId(campaign.id, contact.id));
      expect(enrollment).toMatchObject({ status: 'ended', endReason: 'completed', endedAt: timer.dueAt });
      expect(enrollment?.stepId).toBeUndefined();
      expect((await deps.outbox.get(endEventId(campaign.id, contact.id, 1)))?.detail).toMatchObject({
        reason: 'completed',
      });
      // A replayed timer (Scheduler and Express deliver at least once) sends and publishes nothing more.
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'stale' });
      expect(await endEvents(campaign.id, contact.id)).toHaveLength(1);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);

      const again = await enrollContact(deps, campaign.id, contact.id);
      expect(again).toMatchObject({ enrolled: true, enrollment: { run: 2, status: 'active', stepId: 'welcome' } });
      expect(await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer)).toEqual({
        continue: false,
        action: 'send',
      });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
      expect(await endEvents(campaign.id, contact.id)).toHaveLength(2);
    });

    it('ends once when the last step runs twice at the same moment, or crashes after its write and is retried', async () => {
      const { timer, contact, campaign } = await enrolled({ steps: [welcome] });
      const outcomes = await Promise.all([runCampaignStep(deps, timer), runCampaignStep(deps, timer)]);
      expect(outcomes).toContainEqual({ continue: false, action: 'send' });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      expect(await endEvents(campaign.id, contact.id)).toHaveLength(1);

      const second = await enrolled({ steps: [welcome] });
      const faults = injectDynamoDbFaults((command, input) =>
        command === 'TransactWriteCommand' && writesEvent(input, 'Campaign Enrollment Ended')
          ? { after: lambdaCrash() }
          : undefined,
      );
      try {
        await expect(runCampaignStep(deps, second.timer)).rejects.toThrow('injected');
      } finally {
        faults.restore();
      }
      expect(await runCampaignStep(deps, second.timer)).toEqual({ continue: false, action: 'stale' });
      expect(await endEvents(second.campaign.id, second.contact.id)).toHaveLength(1);
    });

    it('ends as completed after a last update step, in the one transaction that updates the contact', async () => {
      const { timer, contact, campaign } = await enrolled({ steps: [welcome, tagUpdate], reEnrollment });
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: true, action: 'send' });
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'update' });
      expect((await deps.contacts.get(contact.id))?.tags).toContain('nurtured');
      expect(await deps.enrollments.get(enrollmentId(campaign.id, contact.id))).toMatchObject({
        status: 'ended',
        endReason: 'completed',
      });
      expect(await endEvents(campaign.id, contact.id)).toHaveLength(1);
      expect(await enrollContact(deps, campaign.id, contact.id)).toMatchObject({ enrolled: true });
    });

    it('ends a branch arm whose email says next: null, without falling through into the other arm', async () => {
      const steps = [
        welcome,
        {
          id: 'opened-welcome',
          type: 'branch',
          condition: { kind: 'opened', stepId: 'welcome' },
          then: 'case-study',
          else: 'reminder',
        },
        { ...reminder, next: null },
        caseStudy,
      ];
      const ignorer = await enrolled({ steps });
      await runCampaignStep(deps, ignorer.timer);
      expect(await runCampaignStep(deps, ignorer.timer)).toEqual({ continue: false, action: 'send' });
      expect(sentSubjects()).toEqual(['Welcome, Kim', 'Did you see this?']);
      expect(await deps.enrollments.get(enrollmentId(ignorer.campaign.id, ignorer.contact.id))).toMatchObject({
        status: 'ended',
        endReason: 'completed',
        sent: [expect.objectContaining({ stepId: 'welcome' }), expect.objectContaining({ stepId: 'reminder' })],
      });
      expect(await endEvents(ignorer.campaign.id, ignorer.contact.id)).toHaveLength(1);

      const opener = await enrolled({ steps });
      await runCampaignStep(deps, opener.timer);
      await recordEmailFeedback(deps, {
        messageKey: campaignMessageKey(
          { campaignId: opener.campaign.id, contactId: opener.contact.id, run: 1 },
          'welcome',
        ),
        type: 'open',
      });
      expect(await runCampaignStep(deps, opener.timer)).toEqual({ continue: false, action: 'send' });
      expect(sentSubjects().at(-1)).toMatch(/^(How teams save time|A case study for you)$/);
      expect(await deps.enrollments.get(enrollmentId(opener.campaign.id, opener.contact.id))).toMatchObject({
        status: 'ended',
        endReason: 'completed',
      });
    });

    it('ends, when the contact is enrolled again, an enrollment that older code left active after its last step', async () => {
      const { timer, contact, campaign } = await enrolled({ steps: [welcome], reEnrollment });
      const stuck = (await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))!;
      // What runCampaignStep wrote before this fix: the last email recorded, no step left, still active.
      await deps.enrollments.advance(stuck, {
        ...stuck,
        stepId: undefined,
        sent: [{ stepId: 'welcome', at: timer.dueAt }],
        version: stuck.version + 1,
      });
      deps.context = fixedContext('2026-11-24T10:00:00.000Z');
      expect(await enrollContact(deps, campaign.id, contact.id)).toMatchObject({
        enrolled: true,
        enrollment: { run: 2 },
      });
      expect((await deps.outbox.get(endEventId(campaign.id, contact.id, 1)))?.detail).toMatchObject({
        reason: 'completed',
      });
      // One that is still waiting out its last step is not cut short.
      const waiting = await enrolled({
        steps: [welcome, { id: 'cool-off', type: 'wait', duration: { days: 3 } }],
        reEnrollment,
      });
      await runCampaignStep(deps, waiting.timer);
      await runCampaignStep(deps, waiting.timer);
      expect(await enrollContact(deps, waiting.campaign.id, waiting.contact.id)).toEqual({
        enrolled: false,
        reason: 'already-enrolled',
      });
    });

    it('completes when the wait that is its last step is over', async () => {
      const { timer, contact, campaign } = await enrolled({
        steps: [welcome, { id: 'cool-off', type: 'wait', duration: { days: 3 } }],
      });
      await runCampaignStep(deps, timer);
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: false, action: 'sleep' });
      expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.status).toBe('active');
      expect(await runCampaignStep(deps, timers.at(-1)?.payload as unknown as StepTimer)).toEqual({
        continue: false,
        action: 'end',
      });
      expect(await deps.enrollments.get(enrollmentId(campaign.id, contact.id))).toMatchObject({
        status: 'ended',
        endReason: 'completed',
      });
      expect(await endEvents(campaign.id, contact.id)).toHaveLength(1);
    });
  });

  describe('an update step', () => {
    const [welcome] = aNurtureJourney().steps;
    const steps = [
      welcome,
      { id: 'mark-mql', type: 'update', set: { addTags: ['engaged'], lifecycleStage: 'mql' } },
      welcomeAgain(),
    ];
    function welcomeAgain() {
      return { ...welcome, id: 'follow-up' };
    }

    it('changes the contact and moves the enrollment on in one transaction: a crash in that write half-applies nothing', async () => {
      const { timer, contact, campaign } = await enrolled({ steps });
      await runCampaignStep(deps, timer);
      const writes: string[][] = [];
      const faults = injectDynamoDbFaults((command, input) => {
        if (command !== 'TransactWriteCommand') return undefined;
        const entities = ((input.TransactItems ?? []) as { Put?: { Item?: { entity?: string } } }[]).map(
          (item) => item.Put?.Item?.entity ?? '?',
        );
        writes.push(entities);
        // The write that moves the enrollment on fails before it reaches DynamoDB (the Lambda dies).
        return entities.includes('Enrollment') ? { before: lambdaCrash() } : undefined;
      });
      try {
        await expect(runCampaignStep(deps, timer)).rejects.toThrow('injected');
      } finally {
        faults.restore();
      }
      expect(writes).toHaveLength(1);
      expect(writes[0]).toEqual(expect.arrayContaining(['Contact', 'Enrollment', 'OutboxEvent']));
      const untouched = await deps.contacts.get(contact.id);
      expect(untouched?.tags).not.toContain('engaged');
      expect(untouched?.lifecycleStage).toBe(contact.lifecycleStage);
      expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.stepId).toBe('mark-mql');

      // The retried step applies it once.
      expect(await runCampaignStep(deps, timer)).toEqual({ continue: true, action: 'update' });
      const updated = await deps.contacts.get(contact.id);
      expect(updated).toMatchObject({ lifecycleStage: 'mql', tags: expect.arrayContaining(['engaged']) });
      expect((await deps.enrollments.get(enrollmentId(campaign.id, contact.id)))?.stepId).toBe('follow-up');
      expect(
        (await deps.outbox.listPending(1000)).filter(
          (event) =>
            event.detailType === 'Contact Updated' &&
            (event.detail as { contactId: string; changedFields: string[] }).contactId === contact.id &&
            (event.detail as { changedFields: string[] }).changedFields.includes('tags'),
        ),
      ).toHaveLength(1);
    });
  });
});
