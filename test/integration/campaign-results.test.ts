import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
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
import { recordInboundEmail } from '#shared/campaigns/inbound-email.service.ts';
import { unsubscribe } from '#shared/campaigns/unsubscribe.service.ts';
import { unsubscribeToken } from '#shared/campaigns/unsubscribe-link.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { createDeal, moveDeal } from '#shared/deals/deal.service.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { NotFound, ValidationFailed } from '#shared/errors.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { EmailSender } from '#shared/messaging/email-sender.ts';
import { countEvent } from '#shared/reports/kpi-events.service.ts';
import { rebuildKpis } from '#shared/reports/kpi-rebuild.service.ts';
import { campaignResults, kpiReport, recordCampaignSpend } from '#shared/reports/kpi.service.ts';
import { aContactRequest, anAdmin, aMarketer, aPipelineRequest, fixedContext } from '../support/builders.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

const unsubscribeKey = 'test-unsubscribe-key-0123456789abcdef';
const alwaysOpen = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
const november = { from: '2026-11-01', to: '2026-11-30' };
const ses = mockClient(SESv2Client);
let deps: CampaignStepDeps & Dependencies;
let campaignId: string;
const timers = new Map<string, StepTimer>();
const delivered: DomainEvent[] = [];

/** Feeds every new event to the KPI subscriber, as the bus would: once, then (below) again. */
async function countNewEvents(): Promise<void> {
  const seen = new Set(delivered.map((event) => event.detail.id));
  for (const event of await deps.outbox.listPending(1000)) {
    if (seen.has(event.detail.id)) continue;
    delivered.push(event);
    await countEvent(deps, { detailType: event.detailType, detail: event.detail as never });
  }
}
const on = (iso: string) => (deps.context = fixedContext(iso));

async function aConsentingContact(firstName: string): Promise<Contact> {
  const contact = await createContact(deps, aContactRequest({ firstName }), anAdmin());
  const after = { ...contact, consent: { status: 'granted' as const }, version: contact.version + 1 };
  await deps.contacts.update(contact, after, {
    source: 'relay.contacts',
    detailType: 'Contact Updated',
    detail: {
      id: `consent-${contact.id}`,
      occurredAt: deps.context.now().toISOString(),
      version: 1,
      contactId: contact.id,
      contactVersion: after.version,
      changedFields: ['consent'],
    },
  });
  return after;
}

beforeAll(async () => {
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  const table = await createTestTable();
  deps = {
    ...buildDependencies(table, fixedContext('2026-11-23T10:00:00.000Z')),
    email: new EmailSender(table, 'Relay <news@relay.example>', new SESv2Client({ region: 'us-east-1' })),
    timers: {
      scheduleOnce: async (timer) => {
        const payload = timer.payload as unknown as StepTimer;
        timers.set(payload.contactId, payload);
      },
    },
    publicApiUrl: 'https://api.relay.example',
    unsubscribeKey,
  };
  const pipeline = await createPipeline(deps, aPipelineRequest());
  const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney({ sendWindow: alwaysOpen })));
  campaignId = campaign.id;
  await publishCampaign(deps, campaignId, aMarketer());
  await recordCampaignSpend(deps, campaignId, { amount: 500, currency: 'EUR', date: '2026-11-23' });

  // 23 November: five contacts get the welcome; Olga opens it (SES reports the open twice) and clicks; Bo's bounces.
  const people = new Map<string, Contact>();
  for (const name of ['Olga', 'Ivan', 'Lea', 'Bo', 'Ray']) people.set(name, await aConsentingContact(name));
  const person = (name: string) => people.get(name)!;
  const welcomeOf = (name: string) => campaignMessageKey({ campaignId, contactId: person(name).id, run: 1 }, 'welcome');
  for (const contact of people.values()) {
    await enrollContact(deps, campaignId, contact.id);
    const start = timers.get(contact.id)!;
    await runCampaignStep(deps, start);
    await runCampaignStep(deps, start);
  }
  await recordEmailFeedback(deps, { messageKey: welcomeOf('Olga'), type: 'open' });
  await recordEmailFeedback(deps, { messageKey: welcomeOf('Olga'), type: 'open' });
  await recordEmailFeedback(deps, { messageKey: welcomeOf('Olga'), type: 'click' });
  await recordEmailFeedback(deps, { messageKey: welcomeOf('Bo'), type: 'bounce', bounceType: 'Permanent' });
  await countNewEvents();

  // 24 November: Ivan complains, Lea unsubscribes with the campaign's link, Ray replies.
  on('2026-11-24T10:00:00.000Z');
  await recordEmailFeedback(deps, { messageKey: welcomeOf('Ivan'), type: 'complaint' });
  await unsubscribe(deps, unsubscribeToken(person('Lea').id, campaignId, unsubscribeKey), 'one-click');
  await recordInboundEmail(deps, {
    from: person('Ray').email,
    subject: 'Re: Welcome',
    messageId: '<ray-1@mail.example.com>',
    receivedAt: '2026-11-24T09:00:00.000Z',
  });
  await countNewEvents();

  // 25 November: the wait is over. Olga gets the case study, Ray the reminder and, now an SQL, converts;
  // Ivan, Lea and Bo leave (complained, unsubscribed, bounced).
  on('2026-11-25T10:00:00.000Z');
  const ray = (await deps.contacts.get(person('Ray').id))!;
  await deps.contacts.update(
    ray,
    { ...ray, lifecycleStage: 'sql', version: ray.version + 1 },
    {
      source: 'relay.contacts',
      detailType: 'Contact Updated',
      detail: {
        id: `sql-${ray.id}`,
        occurredAt: '2026-11-25T10:00:00.000Z',
        version: 1,
        contactId: ray.id,
        contactVersion: ray.version + 1,
        changedFields: ['lifecycleStage'],
      },
    },
  );
  for (const contact of people.values()) {
    const wake = timers.get(contact.id)!;
    while ((await runCampaignStep(deps, wake)).continue);
  }
  await countNewEvents();

  // 26 November: Olga's deal is won; the campaign mailed her last, so it is credited.
  on('2026-11-26T10:00:00.000Z');
  const deal = await createDeal(
    deps,
    CreateDealRequest.parse({
      name: 'Olga’s team plan',
      pipelineId: pipeline.id,
      amount: 1200,
      contactId: person('Olga').id,
      stageId: 'proposal',
    }),
    anAdmin(),
  );
  await moveDeal(deps, deal.id, { stageId: 'won' }, anAdmin());
  await countNewEvents();
}, 90_000);
afterAll(() => ses.reset());

describe('a campaign’s results over time', () => {
  it('count each send, first open and click, reply, conversion, unsubscribe, bounce and complaint on its day', async () => {
    const results = await campaignResults(deps, campaignId, november);
    expect(results.totals).toEqual({
      sent: 7,
      opened: 1,
      clicked: 1,
      replied: 1,
      converted: 1,
      unsubscribed: 1,
      bounced: 1,
      complained: 1,
      wonDeals: 1,
      revenue: { EUR: 1200 },
      spend: { EUR: 500 },
    });
    expect(results.roi).toEqual({ EUR: 1.4 });
    expect(results.rates).toMatchObject({ openRate: 0.1429, clickRate: 0.1429, bounceRate: 0.1429 });
    expect(
      results.series.map(({ day, sent, opened, replied, converted, unsubscribed, bounced, complained, wonDeals }) => [
        day,
        { sent, opened, replied, converted, unsubscribed, bounced, complained, wonDeals },
      ]),
    ).toEqual([
      [
        '2026-11-23',
        { sent: 5, opened: 1, replied: 0, converted: 0, unsubscribed: 0, bounced: 1, complained: 0, wonDeals: 0 },
      ],
      // Ray's reply counts on the day it was received.
      [
        '2026-11-24',
        { sent: 0, opened: 0, replied: 1, converted: 0, unsubscribed: 1, bounced: 0, complained: 1, wonDeals: 0 },
      ],
      [
        '2026-11-25',
        { sent: 2, opened: 0, replied: 0, converted: 1, unsubscribed: 0, bounced: 0, complained: 0, wonDeals: 0 },
      ],
      [
        '2026-11-26',
        { sent: 0, opened: 0, replied: 0, converted: 0, unsubscribed: 0, bounced: 0, complained: 0, wonDeals: 1 },
      ],
    ]);
    expect(results.series[0]?.spend).toEqual({ EUR: 500 });
    // The company-wide KPIs credit the same campaign the same way.
    expect((await kpiReport(deps, november)).campaigns).toEqual([
      { campaignId, spend: { EUR: 500 }, revenue: { EUR: 1200 }, wonDeals: 1, roi: { EUR: 1.4 } },
    ]);
    // GET /reports/kpis?campaignId= adds them to the report; without it, the report has none.
    expect((await kpiReport(deps, { ...november, campaignId })).campaign).toEqual(results);
    expect(await kpiReport(deps, november)).not.toHaveProperty('campaign');
  });

  it('count a redelivered event once', async () => {
    const before = await campaignResults(deps, campaignId, november);
    for (const event of delivered)
      expect(await countEvent(deps, { detailType: event.detailType, detail: event.detail as never })).toEqual({
        counted: false,
      });
    expect(await campaignResults(deps, campaignId, november)).toEqual(before);
  });

  it('read only the days asked for, and refuse a period that ends before it starts or a campaign that does not exist', async () => {
    const results = await campaignResults(deps, campaignId, { from: '2026-11-24', to: '2026-11-24' });
    expect(results.series.map((point) => point.day)).toEqual(['2026-11-24']);
    expect(results.totals).toMatchObject({ sent: 0, replied: 1, spend: {}, revenue: {} });
    expect(results.roi).toEqual({});
    await expect(campaignResults(deps, campaignId, { from: '2026-11-25', to: '2026-11-24' })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    await expect(campaignResults(deps, '01JXXXXXXXXXXXXXXXXXXXXXXX', november)).rejects.toBeInstanceOf(NotFound);
  });

  it('agree with a recount from the contacts’ records, and a rebuild repairs results that drifted', async () => {
    const rebuilt = await rebuildKpis(deps, { apply: false });
    expect(rebuilt.campaignResultDifferences).toEqual([]);
    expect(rebuilt.differences).toEqual([]);

    await deps.kpis.write(deps.campaignResults.counterItems(campaignId, '2026-11-25T12:00:00.000Z', { sent: 3 }, 'x'));
    await deps.kpis.write(
      deps.campaignResults.counterItems(campaignId, '2026-11-27T12:00:00.000Z', { opened: 2 }, 'y'),
    );
    expect((await rebuildKpis(deps, { apply: false })).campaignResultDifferences).toEqual([
      { campaignId, day: '2026-11-25', counter: 'sent', live: 5, recomputed: 2 },
      { campaignId, day: '2026-11-27', counter: 'opened', live: 2, recomputed: 0 },
    ]);
    await rebuildKpis(deps, { apply: true });
    expect((await rebuildKpis(deps, { apply: false })).campaignResultDifferences).toEqual([]);
    expect((await campaignResults(deps, campaignId, november)).totals).toMatchObject({ sent: 7, opened: 1 });
  });
});
