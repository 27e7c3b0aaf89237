import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  campaignMessageKey,
  runCampaignStep,
  type CampaignStepDeps,
  type StepTimer,
} from '#shared/campaigns/campaign-step.service.ts';
import { createCampaign, publishCampaign } from '#shared/campaigns/campaign.service.ts';
import { rebuildEnrollmentContactIndex } from '#shared/campaigns/contact-enrollments.service.ts';
import { recordEmailFeedback } from '#shared/campaigns/email-feedback.service.ts';
import { enrollContact } from '#shared/campaigns/enrollment.service.ts';
import { unsubscribeToken } from '#shared/campaigns/unsubscribe-link.ts';
import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import { enrollmentKeys } from '#shared/db/keys.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createDeal, moveDeal } from '#shared/deals/deal.service.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import type { TimerScheduler } from '#shared/scheduling/timers.ts';
import { startDevAuth } from '../../local/dev-auth.ts';
import { startHttpServer } from '../../local/http-server.ts';
import {
  aContactRequest,
  anAdmin,
  anOwnerRequest,
  aMarketer,
  aPipelineRequest,
  fixedContext,
} from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { aScoringModel } from '../support/lead-lifecycle-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

/**
 * The contact record's routes (issue 17) through the local API server and the very handlers CDK deploys,
 * on DynamoDB Local: the timeline merged across its sources, a contact's enrollments (and indexing the
 * ones stored before that index), consent with its proof, and the score with its explanation.
 */
type User = 'admin' | 'marketing' | 'ada' | 'grace' | 'nobody';
let table: TableRef & { endpoint: string };
let deps: Dependencies;
let server: Awaited<ReturnType<typeof startHttpServer>>;
const tokens = new Map<User, string>();
const adaSubject = `ada-${ulid()}`;

beforeAll(async () => {
  table = await createTestTable();
  // The handlers build their dependencies from the environment, as in Lambda: point them at this file's table.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
  const auth = await startDevAuth();
  server = await startHttpServer({ routes: httpRoutes, port: 0, authorizer: auth });
  const users: [User, string, ('admin' | 'marketing' | 'sales')[]][] = [
    ['admin', 'admin-sub', ['admin']],
    ['marketing', 'marketing-sub', ['marketing']],
    ['ada', adaSubject, ['sales']],
    ['grace', 'grace-sub', ['sales']],
    ['nobody', 'nobody-sub', []],
  ];
  for (const [user, subject, groups] of users) tokens.set(user, await auth.issue({ subject, username: user, groups }));
});
afterAll(async () => void (await server?.close()));

async function api(method: string, path: string, options: { as?: User | null; body?: unknown } = {}) {
  const as = options.as === undefined ? 'admin' : options.as;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${tokens.get(as)}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions reach into arbitrary JSON
  return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : undefined) as any };
}

/** Every page of a listing, following nextCursor with `limit` per page. */
async function allPages(path: string, limit: number, as: User = 'admin') {
  const pages: { items: { id: string }[]; nextCursor?: string }[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const response = await api('GET', `${path}?${query}`, { as });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json.items.length).toBeLessThanOrEqual(limit);
    pages.push(response.json);
    cursor = response.json.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

const expectProblem = (response: { status: number; json: { type?: string } }, status: number, slug: string) => {
  expect(response.status).toBe(status);
  expect(response.json.type).toBe(`urn:relay:problem:${slug}`);
};

async function withConsentProof(contact: Contact) {
  await deps.contacts.write([
    deps.consents.recordItem({
      id: ulid(),
      contactId: contact.id,
      status: 'pending',
      at: '2026-05-04T10:00:00.000Z',
      method: 'form',
      source: 'form:newsletter',
      textVersion: 'v3',
      text: 'Send me the newsletter.',
      ipHash: 'c2FsdGVkLWhhc2g',
    }),
    deps.consents.recordItem({
      id: ulid(),
      contactId: contact.id,
      status: 'granted',
      at: '2026-05-04T12:00:00.000Z',
      method: 'double-opt-in',
      source: 'form:newsletter',
      textVersion: 'v3',
    }),
  ]);
}

describe('GET /contacts/{contactId}/timeline', () => {
  it('merges activities logged inline, page views, consent changes and deal moves, newest first, the same in pages of 2', async () => {
    const ada = await createOwner(deps, anOwnerRequest({ name: 'Ada', userId: adaSubject }));
    const contact = await createContact(deps, aContactRequest({ ownerId: ada.id }), anAdmin());
    // Ada logs her note, call, meeting and task inline, as the record page does (POST /activities).
    const logged = [
      { type: 'note', body: 'Wants a demo', occurredAt: '2026-05-01T10:00:00Z' },
      { type: 'call', direction: 'outbound', durationSeconds: 300, occurredAt: '2026-05-03T10:00:00Z' },
      { type: 'meeting', subject: 'Demo', occurredAt: '2026-05-05T10:00:00Z' },
      { type: 'task', subject: 'Send pricing', dueAt: '2026-05-09T10:00:00Z', occurredAt: '2026-05-07T10:00:00Z' },
    ];
    for (const activity of logged) {
      const response = await api('POST', '/activities', { as: 'ada', body: { ...activity, contactId: contact.id } });
      expect(response.status, JSON.stringify(response.json)).toBe(201);
    }
    for (const [kind, name, occurredAt] of [
      ['page_viewed', 'pricing', '2026-05-02T10:00:00Z'],
      ['event_tracked', 'trial-started', '2026-05-06T10:00:00Z'],
    ])
      expect(
        (await api('POST', '/track', { as: 'marketing', body: { contactId: contact.id, kind, name, occurredAt } }))
          .status,
      ).toBe(202);
    await withConsentProof(contact);
    // An open is an engagement and an activity at once: the timeline tells it once, as the activity.
    await recordEmailFeedback(deps, { messageKey: `campaign:${ulid()}:${contact.id}:1:welcome`, type: 'open' });
    const pipeline = await createPipeline(deps, aPipelineRequest());
    const deal = await createDeal(
      deps,
      CreateDealRequest.parse({ name: 'Pilot', pipelineId: pipeline.id, contactId: contact.id }),
      anAdmin(),
    );
    await moveDeal(deps, deal.id, { stageId: 'proposal' }, anAdmin());

    const whole = await api('GET', `/contacts/${contact.id}/timeline?limit=100`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('cache-control')).toBe('private, no-store');
    expect(whole.json.nextCursor).toBeUndefined();
    const entries = whole.json.items as { id: string; kind: string; occurredAt: string; [field: string]: unknown }[];
    const times = entries.map((entry) => entry.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const described = entries.map((entry) =>
      entry.kind === 'activity'
        ? `activity:${entry.activityType}`
        : entry.kind === 'engagement'
          ? `engagement:${entry.engagementKind}`
          : entry.kind === 'consent'
            ? `consent:${entry.status}`
            : `deal:${entry.toStageId}`,
    );
    // The open and the deal's moves happened now (after May), in that order.
    expect(described).toEqual([
      'deal:proposal',
      'deal:qualified',
      'activity:email',
      'activity:task',
      'engagement:event_tracked',
      'activity:meeting',
      'consent:granted',
      'consent:pending',
      'activity:call',
      'engagement:page_viewed',
      'activity:note',
    ]);
    expect(entries.find((entry) => entry.activityType === 'task')).toMatchObject({
      subject: 'Send pricing',
      dueAt: '2026-05-09T10:00:00Z',
      done: false,
      ownerId: ada.id,
      ref: { type: 'activity' },
    });
    expect(entries.find((entry) => entry.engagementKind === 'page_viewed')).toMatchObject({
      name: 'pricing',
      occurredAt: '2026-05-02T10:00:00.000Z',
      ref: { type: 'engagement' },
    });
    expect(entries.find((entry) => entry.status === 'pending')).toMatchObject({
      method: 'form',
      source: 'form:newsletter',
      textVersion: 'v3',
      ref: { type: 'consent-record' },
    });
    expect(entries.find((entry) => entry.toStageId === 'proposal')).toMatchObject({
      dealId: deal.id,
      fromStageId: 'qualified',
      ref: { type: 'deal', id: deal.id },
    });
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);

    // Pages of 2 cross the sources (activities, engagements, consent, the deal) and give exactly the same.
    for (const limit of [1, 2, 3]) {
      const pages = await allPages(`/contacts/${contact.id}/timeline`, limit, 'grace');
      expect(pages.flatMap((page) => page.items.map((entry) => entry.id))).toEqual(entries.map((entry) => entry.id));
      for (const page of pages.slice(0, -1)) expect(page.items).toHaveLength(limit);
    }
    // About 25 pages over HTTP on DynamoDB Local: slow on a loaded machine, not a timing assertion.
  }, 90_000);

  it('pages past engagements an activity already tells (read, filtered out) without losing or repeating a page view', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute)).toISOString();
    const opens = Array.from({ length: 40 }, (_, i) =>
      deps.engagements.recordItem({ id: ulid(), contactId: contact.id, kind: 'email_opened', occurredAt: at(i + 1) }),
    );
    const views = [0, 20, 41].map((minute) =>
      deps.engagements.recordItem({
        id: `view-${minute}`,
        contactId: contact.id,
        kind: 'page_viewed',
        name: `page-${minute}`,
        occurredAt: minute === 20 ? `${at(20).slice(0, 17)}30.000Z` : at(minute),
      }),
    );
    // A reply's engagement id carries its Message-ID, so the position a page resumes after can be long.
    const reply = deps.engagements.recordItem({
      id: `reply:<${'x'.repeat(900)}@mail.example>`,
      contactId: contact.id,
      kind: 'email_replied',
      occurredAt: `${at(40).slice(0, 17)}30.000Z`,
    });
    await deps.contacts.write([...opens, ...views, reply]);
    for (const limit of [1, 2, 25]) {
      const pages = await allPages(`/contacts/${contact.id}/timeline`, limit);
      expect(pages.flatMap((page) => page.items.map((entry) => entry.id))).toEqual([
        'engagement:view-41',
        'engagement:view-20',
        'engagement:view-0',
      ]);
    }
  }, 90_000);

  it('answers 404 for an unknown contact and 400 for a cursor it did not give or one of another contact', async () => {
    expectProblem(await api('GET', `/contacts/${ulid()}/timeline`), 404, 'not-found');
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const other = await createContact(deps, aContactRequest(), anAdmin());
    for (const note of ['one', 'two'])
      await api('POST', '/activities', { body: { type: 'note', body: note, contactId: other.id } });
    const first = await api('GET', `/contacts/${other.id}/timeline?limit=1`);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    for (const cursor of ['garbage', first.json.nextCursor as string, Buffer.from('{"v":1}').toString('base64url')]) {
      const response = await api('GET', `/contacts/${contact.id}/timeline?cursor=${encodeURIComponent(cursor)}`);
      expectProblem(response, 400, 'validation-failed');
      expect(response.json.errors[0].pointer).toBe('/cursor');
    }
    expectProblem(await api('GET', `/contacts/${contact.id}/timeline?limit=0`), 400, 'validation-failed');
  });

  it('lets every role that reads contacts read it (sales reps too, like GET /contacts/{id}); no token is 401, no role 403', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    for (const user of ['admin', 'marketing', 'ada', 'grace'] as const) {
      expect((await api('GET', `/contacts/${contact.id}`, { as: user })).status).toBe(200);
      expect((await api('GET', `/contacts/${contact.id}/timeline`, { as: user })).status).toBe(200);
    }
    expect((await api('GET', `/contacts/${contact.id}/timeline`, { as: null })).status).toBe(401);
    for (const path of ['timeline', 'enrollments', 'consent'])
      expectProblem(await api('GET', `/contacts/${contact.id}/${path}`, { as: 'nobody' }), 403, 'forbidden');
  });
});

describe('GET /contacts/{contactId}/enrollments', () => {
  const ses = mockClient(SESv2Client);
  afterAll(() => ses.restore());

  it('lists the contact’s enrollments newest first with campaign, version, status, current step and the emails sent', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const timers: Parameters<TimerScheduler['scheduleOnce']>[0][] = [];
    const context = fixedContext('2026-11-23T10:00:00.000Z');
    const stepDeps: CampaignStepDeps & Dependencies = {
      ...deps,
      context,
      email: new EmailSender(table, 'Relay <news@relay.example>', new SESv2Client({ region: 'us-east-1' }), 'm'),
      timers: { scheduleOnce: async (timer) => void timers.push(timer) },
      publicApiUrl: 'https://api.relay.example',
      unsubscribeKey: 'test-unsubscribe-key-0123456789abcdef',
    };
    const alwaysOpen = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
    const contact = await createContact(stepDeps, aContactRequest({ firstName: 'Kim' }), anAdmin());
    await deps.contacts.update(
      contact,
      { ...contact, consent: { status: 'granted' }, version: contact.version + 1 },
      {
        source: 'relay.contacts',
        detailType: 'Contact Updated',
        detail: {
          id: `consent-${contact.id}`,
          occurredAt: '2026-11-23T10:00:00.000Z',
          version: 1,
          contactId: contact.id,
          contactVersion: 2,
          changedFields: ['consent'],
        },
      },
    );
    const [nurture, onboarding] = [
      await createCampaign(stepDeps, CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen }))),
      await createCampaign(
        stepDeps,
        CampaignDefinition.parse(aNurtureJourney({ name: 'Onboarding', sendWindow: alwaysOpen })),
      ),
    ];
    for (const campaign of [nurture, onboarding]) await publishCampaign(stepDeps, campaign.id, aMarketer());
    expect((await enrollContact(stepDeps, nurture.id, contact.id)).enrolled).toBe(true);
    const firstStep = timers.at(-1)?.payload as unknown as StepTimer;
    expect(await runCampaignStep(stepDeps, firstStep)).toEqual({ continue: true, action: 'send' });
    context.advance(60_000);
    expect((await enrollContact(stepDeps, onboarding.id, contact.id)).enrolled).toBe(true);

    const listed = await api('GET', `/contacts/${contact.id}/enrollments`, { as: 'grace' });
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([
      {
        campaignId: onboarding.id,
        campaignName: 'Onboarding',
        campaignVersion: 1,
        run: 1,
        status: 'active',
        currentStepId: 'welcome',
        enrolledAt: '2026-11-23T10:01:00.000Z',
        nextRunAt: '2026-11-23T10:01:00.000Z',
        emailsSent: 0,
        sends: [],
      },
      expect.objectContaining({
        campaignId: nurture.id,
        campaignName: 'Trial nurture',
        campaignVersion: 1,
        status: 'active',
        currentStepId: 'two-days',
        enrolledAt: '2026-11-23T10:00:00.000Z',
        emailsSent: 1,
        sends: [
          {
            stepId: 'welcome',
            at: '2026-11-23T10:00:00.000Z',
            messageKey: campaignMessageKey({ campaignId: nurture.id, contactId: contact.id, run: 1 }, 'welcome'),
          },
        ],
      }),
    ]);
    const pages = await allPages(`/contacts/${contact.id}/enrollments`, 1);
    expect(
      pages.flatMap((page) => page.items.map((item) => (item as unknown as { campaignId: string }).campaignId)),
    ).toEqual([onboarding.id, nurture.id]);

    // An enrollment stored before the by-contact index existed is missing, until the rebuild indexes it.
    const key = enrollmentKeys.item(nurture.id, contact.id);
    const { Item } = await table.db.send(new GetCommand({ TableName: table.tableName, Key: key }));
    const { gsi6pk: _pk, gsi6sk: _sk, ...legacy } = Item ?? {};
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: legacy }));
    const ids = async () =>
      ((await api('GET', `/contacts/${contact.id}/enrollments`)).json.items as { campaignId: string }[]).map(
        (item) => item.campaignId,
      );
    expect(await ids()).toEqual([onboarding.id]);
    expect(await rebuildEnrollmentContactIndex(deps, { apply: false })).toEqual({ unindexed: 1, indexed: 0 });
    expect(await ids()).toEqual([onboarding.id]);
    expect(await rebuildEnrollmentContactIndex(deps, { apply: true })).toEqual({ unindexed: 1, indexed: 1 });
    expect(await ids()).toEqual([onboarding.id, nurture.id]);
    expect(await rebuildEnrollmentContactIndex(deps, { apply: false })).toEqual({ unindexed: 0, indexed: 0 });
  });

  it('answers 404 for an unknown contact and 400 for a bad cursor', async () => {
    expectProblem(await api('GET', `/contacts/${ulid()}/enrollments`), 404, 'not-found');
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    const response = await api('GET', `/contacts/${contact.id}/enrollments?cursor=garbage`);
    expectProblem(response, 400, 'validation-failed');
  });
});

describe('GET /contacts/{contactId}/consent', () => {
  it('shows consent now, the suppression, and each record of proof newest first, in pages', async () => {
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    await withConsentProof(contact);
    const unsubscribeKey = 'test-unsubscribe-key-0123456789abcdef';
    expect(
      await unsubscribe({ ...deps, unsubscribeKey }, unsubscribeToken(contact.id, ulid(), unsubscribeKey), 'one-click'),
    ).toBe('unsubscribed');

    const consent = await api('GET', `/contacts/${contact.id}/consent`, { as: 'ada' });
    expect(consent.status).toBe(200);
    expect(consent.headers.get('cache-control')).toBe('private, no-store');
    expect(consent.json).toMatchObject({
      contactId: contact.id,
      current: { status: 'withdrawn' },
      suppression: { reason: 'unsubscribed', at: expect.any(String) },
    });
    expect(consent.json.nextCursor).toBeUndefined();
    expect(consent.json.items).toEqual([
      expect.objectContaining({
        status: 'withdrawn',
        method: 'unsubscribe',
        source: expect.stringMatching(/^campaign:/),
      }),
      expect.objectContaining({ status: 'granted', method: 'double-opt-in', at: '2026-05-04T12:00:00.000Z' }),
      expect.objectContaining({
        status: 'pending',
        method: 'form',
        at: '2026-05-04T10:00:00.000Z',
        source: 'form:newsletter',
        textVersion: 'v3',
        text: 'Send me the newsletter.',
        ipHash: 'c2FsdGVkLWhhc2g',
      }),
    ]);
    const pages = await allPages(`/contacts/${contact.id}/consent`, 1);
    expect(pages.map((page) => page.items.length)).toEqual([1, 1, 1]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(
      (consent.json.items as { id: string }[]).map((item) => item.id),
    );
  });

  it('answers 404 for an unknown contact and 400 for a bad cursor', async () => {
    expectProblem(await api('GET', `/contacts/${ulid()}/consent`), 404, 'not-found');
    const contact = await createContact(deps, aContactRequest(), anAdmin());
    expectProblem(await api('GET', `/contacts/${contact.id}/consent?cursor=garbage`), 400, 'validation-failed');
  });
});

describe('GET /contacts/{contactId}/score', () => {
  it('gives the grade and the rule-by-rule explanation the record page shows', async () => {
    expect((await api('PUT', '/scoring-model', { as: 'marketing', body: aScoringModel() })).status).toBe(200);
    const contact = await createContact(deps, aContactRequest({ jobTitle: 'CEO' }), anAdmin());
    const score = await api('GET', `/contacts/${contact.id}/score`, { as: 'ada' });
    expect(score.status).toBe(200);
    expect(score.json).toMatchObject({ grade: expect.stringMatching(/^[A-D]$/), total: expect.any(Number) });
    expect(score.json.explanation).toContainEqual(
      expect.objectContaining({ ruleId: 'senior-title', ruleName: 'Senior title', kind: 'fit', points: 30 }),
    );
  });
});
