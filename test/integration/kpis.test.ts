import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { createCampaign } from '#shared/campaigns/campaign.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { createDeal, deleteDeal, moveDeal, updateDeal } from '#shared/deals/deal.service.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { createPipeline } from '#shared/deals/pipeline.service.ts';
import { Conflict } from '#shared/errors.ts';
import type { DomainEvent } from '#shared/events/catalog.ts';
import { countEvent } from '#shared/reports/kpi-events.service.ts';
import { rebuildKpis } from '#shared/reports/kpi-rebuild.service.ts';
import { kpiReport, recordCampaignSpend } from '#shared/reports/kpi.service.ts';
import { answerSurvey } from '#shared/surveys/survey-answer.service.ts';
import { surveyToken } from '#shared/surveys/survey-link.ts';
import { planSurvey } from '#shared/surveys/survey-send.service.ts';
import { createSurvey } from '#shared/surveys/survey.service.ts';
import { CreateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { submitForm } from '#shared/leads/form-submission.service.ts';
import { receiveLead } from '#shared/leads/lead-intake.service.ts';
import { aContactRequest, anAdmin, aPipelineRequest, fixedContext } from '../support/builders.ts';
import { testSecrets } from '../support/lead-deps.ts';
import { aNurtureJourney } from '../support/campaign-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

const surveyKey = 'kpi-test-survey-key-0123456789';
const clock = fixedContext('2026-10-05T10:00:00.000Z');
let deps: Dependencies;
let formId: string;
let surveyId: string;
const counted = new Set<string>();

/** Feeds every new Contact Created, Deal Won and Deal Lost to the KPI counter, as the subscriber would. */
async function countNewEvents(): Promise<void> {
  const events: DomainEvent[] = await deps.outbox.listPending(1000);
  for (const event of events.filter((candidate) => !counted.has(candidate.detail.id))) {
    counted.add(event.detail.id);
    await countEvent(deps, { detailType: event.detailType, detail: event.detail as never });
  }
}
const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

beforeAll(async () => {
  deps = buildDependencies(await createTestTable(), clock);
  const pipeline = await createPipeline(deps, aPipelineRequest());
  const deal = async (
    contactId: string,
    amount: number,
    type: 'new_business' | 'renewal' | 'expansion',
    outcome?: 'won' | 'lost',
  ) => {
    const created = await createDeal(
      deps,
      CreateDealRequest.parse({
        name: `${type} ${amount}`,
        pipelineId: pipeline.id,
        amount,
        type,
        contactId,
        stageId: 'proposal',
      }),
      anAdmin(),
    );
    if (outcome)
      await moveDeal(
        deps,
        created.id,
        { stageId: outcome, ...(outcome === 'lost' ? { reason: 'Chose a competitor' } : {}) },
        anAdmin(),
      );
  };
  // 5 October: two contacts become the first two customers.
  const [c1, c2] = [
    await createContact(deps, aContactRequest(), anAdmin()),
    await createContact(deps, aContactRequest(), anAdmin()),
  ];
  await deal(c1.id, 1000, 'new_business', 'won');
  await deal(c2.id, 2000, 'new_business', 'won');
  // 20 October: two leads through a form and one from a partner's webhook (which is no form submission).
  at('2026-10-20T10:00:00.000Z');
  const form = await createForm(deps, CreateFormRequest.parse({ name: 'Trial', fieldMapping: { email: 'email' } }));
  formId = form.id;
  const intake = { ...deps, secrets: testSecrets, verifyTurnstile: async () => true };
  for (const email of ['form.one@example.com', 'form.two@example.com'])
    await submitForm(intake, { formId, fields: { email }, ip: '10.0.0.1' });
  await receiveLead(deps, {
    scope: 'webhook:partner',
    key: 'partner-1',
    payloadHash: 'partner-1',
    source: { kind: 'webhook', id: 'partner' },
    contact: aContactRequest(),
    consent: { status: 'none' },
    details: {},
  });
  // 3 November: four new contacts; 600 spent on a campaign; one new customer, one expansion.
  at('2026-11-03T10:00:00.000Z');
  const contacts = [];
  for (let i = 0; i < 4; i++) contacts.push(await createContact(deps, aContactRequest(), anAdmin()));
  const campaign = await createCampaign(deps, CampaignDefinition.parse(aNurtureJourney()));
  await recordCampaignSpend(deps, campaign.id, { amount: 600, currency: 'EUR', date: '2026-11-03' });
  await deal(contacts[0]!.id, 1500, 'new_business', 'won');
  await deal(c1.id, 500, 'expansion', 'won');
  // 10 November: c2 does not renew (a churned customer); c1 renews; one deal stays open at 50 %.
  at('2026-11-10T10:00:00.000Z');
  await deal(c2.id, 2000, 'renewal', 'lost');
  await deal(c1.id, 1000, 'renewal', 'won');
  await deal(contacts[1]!.id, 800, 'new_business');
  // 12 November: two NPS answers, a promoter and a detractor.
  at('2026-11-12T10:00:00.000Z');
  const survey = await createSurvey(
    deps,
    CreateSurveyRequest.parse({
      name: 'NPS',
      kind: 'nps',
      question: 'Recommend us?',
      trigger: 'Survey Requested',
      reviewUrl: 'https://reviews.example/r',
    }),
  );
  surveyId = survey.id;
  for (const [contactId, score] of [
    [c1.id, 10],
    [contacts[0]!.id, 4],
  ] as const) {
    const plan = await planSurvey(deps, {
      detailType: 'Survey Requested',
      detail: { id: `request-${contactId}`, surveyId: survey.id, contactId },
    });
    if (!plan.planned) throw new Error('not planned');
    await answerSurvey(
      { ...deps, surveyKey, callbacks: { resume: async () => 'gone' } },
      { token: surveyToken(plan.sendId, surveyKey), score },
    );
  }
  await countNewEvents();
}, 60_000);

describe('KPIs on a seeded dataset', () => {
  it('match the figures computed by hand', async () => {
    const kpis = await kpiReport(deps, { from: '2026-11-01', to: '2026-11-30' });
    expect(kpis.customers).toEqual({ atStart: 2, new: 1, churned: 1, atEnd: 2 });
    expect([kpis.churnRate, kpis.retentionRate, kpis.customerBaseGrowthRate, kpis.renewalRate]).toEqual([
      0.5, 0.5, 0, 0.5,
    ]);
    expect(kpis.newContacts).toBe(4);
    expect(kpis.leadToCustomerConversionRate).toBe(0.25);
    expect(kpis.forms).toEqual([]);
    expect(kpis.customerAcquisitionCost).toEqual({ EUR: 600 });
    expect(kpis.revenue).toEqual({ newBusiness: { EUR: 1500 }, expansion: { EUR: 500 }, renewal: { EUR: 1000 } });
    expect(kpis.nps).toEqual({ score: 0, responses: 2, promoters: 1, passives: 0, detractors: 1 });
    expect(kpis.pipeline).toEqual({ openDeals: 1, value: { EUR: 800 }, weightedForecast: { EUR: 400 } });
    const bySurvey = await kpiReport(deps, { from: '2026-11-01', to: '2026-11-30', surveyId });
    expect(bySurvey.survey).toEqual({
      surveyId,
      kind: 'nps',
      responses: 2,
      promoters: 1,
      passives: 0,
      detractors: 1,
      average: 7,
      score: 0,
      series: [{ day: '2026-11-12', responses: 2, promoters: 1, passives: 0, detractors: 1, average: 7, score: 0 }],
    });
    const october = await kpiReport(deps, { from: '2026-10-01', to: '2026-10-31' });
    expect(october.customers).toEqual({ atStart: 0, new: 2, churned: 0, atEnd: 2 });
    expect(october.churnRate).toBeNull();
    expect(october.forms).toEqual([{ formId, submissions: 2 }]);
  });

  it('agree with a full recomputation from the source data', async () => {
    const rebuilt = await rebuildKpis(deps, { apply: false });
    expect(rebuilt.differences).toEqual([]);
    expect(rebuilt.days.find((day) => day.day === '2026-10-20')?.counts).toMatchObject({
      [`form#${formId}#submissions`]: 2,
    });
    expect(rebuilt.days.map((day) => day.day)).toEqual([
      '2026-10-05',
      '2026-10-20',
      '2026-11-03',
      '2026-11-10',
      '2026-11-12',
    ]);
  });

  it('count a redelivered event once', async () => {
    const [event] = (await deps.outbox.listPending(1000)).filter((candidate) => candidate.detailType === 'Deal Won');
    expect(await countEvent(deps, { detailType: event!.detailType, detail: event!.detail as never })).toEqual({
      counted: false,
    });
    expect((await rebuildKpis(deps, { apply: false })).differences).toEqual([]);
  });

  it('a rebuild repairs aggregates that drifted', async () => {
    await deps.kpis.write(deps.kpis.counterItems('2026-11-03T00:00:00.000Z', { 'customers#new': 5 }));
    expect((await rebuildKpis(deps, { apply: false })).differences).toEqual([
      { day: '2026-11-03', counter: 'customers#new', aggregate: 6, recomputed: 1 },
    ]);
    await rebuildKpis(deps, { apply: true });
    expect((await rebuildKpis(deps, { apply: false })).differences).toEqual([]);
  });
});

describe('the open pipeline', () => {
  it('is read from stage totals kept with every deal write, never from the deals themselves', async () => {
    const pipeline = await createPipeline(deps, aPipelineRequest('Totals'));
    const create = (amount: number, currency = 'EUR') =>
      createDeal(
        deps,
        CreateDealRequest.parse({
          name: `d${amount}`,
          pipelineId: pipeline.id,
          amount,
          currency,
          stageId: 'qualified',
        }),
        anAdmin(),
      );
    const [a, b, c] = [await create(1000), await create(200, 'USD'), await create(50)];
    await moveDeal(deps, a.id, { stageId: 'negotiation' }, anAdmin());
    await updateDeal(deps, b.id, { amount: 300 }, anAdmin());
    await deleteDeal(deps, c.id);
    const withoutReadingDeals = {
      ...deps,
      deals: Object.assign(Object.create(deps.deals) as typeof deps.deals, {
        listByStage: () => Promise.reject(new Error('the report must not read deals')),
      }),
    };
    const { pipeline: open } = await kpiReport(withoutReadingDeals, { from: '2026-11-01', to: '2026-11-30' });
    // The seeded pipeline's 800 EUR at 50 %, plus 1000 EUR at 80 % and 300 USD at 20 % here.
    expect(open).toEqual({ openDeals: 3, value: { EUR: 1800, USD: 300 }, weightedForecast: { EUR: 1200, USD: 60 } });
    expect((await rebuildKpis(deps, { apply: false })).stageTotalDifferences).toEqual([]);
  });

  it('totals that drifted are listed by a rebuild and repaired by --apply', async () => {
    const [pipeline] = (await deps.pipelines.listAll(100)).items;
    await deps.deals.replaceStageTotals(pipeline!.id, [
      { stageId: 'proposal', currency: 'EUR', dealCount: 7, amount: 7 },
    ]);
    const drifted = await rebuildKpis(deps, { apply: false });
    expect(drifted.stageTotalDifferences).toContainEqual({
      pipelineId: pipeline!.id,
      stageId: 'proposal',
      currency: 'EUR',
      live: { dealCount: 7, amount: 7 },
      recomputed: { dealCount: 1, amount: 800 },
    });
    await rebuildKpis(deps, { apply: true });
    expect((await rebuildKpis(deps, { apply: false })).stageTotalDifferences).toEqual([]);
  });
});

describe('survey triggers', () => {
  it('allow one active survey per trigger, naming the one that holds it', async () => {
    const request = CreateSurveyRequest.parse({
      name: 'CSAT after won',
      kind: 'csat',
      question: 'How satisfied are you?',
      trigger: 'Deal Lost',
      reviewUrl: 'https://reviews.example/r',
    });
    const first = await createSurvey(deps, request);
    const refused = await createSurvey(deps, request).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).extensions).toEqual({ activeSurveyId: first.id });
    expect(await createSurvey(deps, { ...request, status: 'paused' })).toMatchObject({ status: 'paused' });
  });
});
