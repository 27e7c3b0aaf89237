import * as z from 'zod';
import { Ulid } from '#shared/common/fields.ts';
import { CampaignSpend, RecordSpendRequest } from '#shared/reports/campaign-spend.schema.ts';
import { ageBands } from '#shared/reports/service-kpi.rules.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

const tag = 'Reports';
const entry = 'functions/http/reports/index.ts';
const Money = z.record(z.string(), z.number());
const Rate = z.number().nullable();

export const KpiQuery = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  campaignId: Ulid.optional().describe(
    'Add `campaign`: that campaign’s results over the period, day by day (sends, opens, clicks, replies, conversions, unsubscribes, bounces, complaints, revenue, spend, ROI)',
  ),
  formId: Ulid.optional().describe('Add `form`: that form’s submissions over the period, day by day'),
  surveyId: Ulid.optional().describe('Add `survey`: that survey’s answers and score over the period, day by day'),
});

const SurveyDay = {
  responses: z
    .number()
    .meta({ description: 'Answers given that day (a changed answer counts on the day first given)' }),
  promoters: z.number().meta({ description: 'NPS 9–10, CSAT 4–5, CES 6–7' }),
  passives: z.number(),
  detractors: z.number().meta({ description: 'NPS 0–6, CSAT 1–2, CES 1–3' }),
  average: Rate.meta({ description: 'The average score' }),
  score: z.number().nullable().meta({
    description:
      'NPS: % promoters − % detractors (−100 to 100); CSAT: % satisfied (0 to 100); CES: the average (1 to 7)',
  }),
};

const ResultFigures = {
  sent: z.number().meta({ description: 'Campaign emails sent' }),
  opened: z.number().meta({ description: 'Emails opened (the first open of each)' }),
  clicked: z.number().meta({ description: 'Emails clicked (the first click of each)' }),
  replied: z.number().meta({ description: 'Replies from contacts this campaign mailed last before the reply' }),
  converted: z.number().meta({ description: 'Enrollments that left as converted (a goal met)' }),
  unsubscribed: z.number().meta({ description: 'Unsubscribes through the campaign’s link' }),
  bounced: z.number().meta({ description: 'Permanent bounces of its emails' }),
  complained: z.number().meta({ description: 'Spam complaints about its emails' }),
  wonDeals: z.number().meta({ description: 'Deals won by contacts this campaign mailed last before the win' }),
  revenue: Money,
  spend: Money,
};

/** A campaign's results over a period (see shared/reports/campaign-results.rules.ts). */
export const CampaignResults = z.object({
  campaignId: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  totals: z.object(ResultFigures),
  rates: z
    .object({
      openRate: Rate,
      clickRate: Rate,
      replyRate: Rate,
      conversionRate: Rate,
      unsubscribeRate: Rate,
      bounceRate: Rate,
      complaintRate: Rate,
    })
    .meta({ description: 'Each per email sent (null when none was sent)' }),
  roi: z.record(z.string(), Rate).meta({ description: '(revenue − spend) ÷ spend per currency; null without spend' }),
  series: z.array(z.object({ day: z.string(), ...ResultFigures })),
});

/** The KPI report (documented shape; `series` is one point per day with activity, for charts). */
export const KpiReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  customers: z.object({ atStart: z.number(), new: z.number(), churned: z.number(), atEnd: z.number() }),
  newCustomers: z.number(),
  churnRate: Rate,
  retentionRate: Rate,
  customerBaseGrowthRate: Rate,
  renewalRate: Rate,
  newContacts: z.number(),
  leadToCustomerConversionRate: Rate,
  revenue: z.object({ newBusiness: Money, expansion: Money, renewal: Money }),
  expansionRevenue: Money,
  campaignSpend: Money,
  customerAcquisitionCost: Money.nullable(),
  nps: z.object({
    score: z.number().nullable(),
    responses: z.number(),
    promoters: z.number(),
    passives: z.number(),
    detractors: z.number(),
  }),
  csat: z.object({ satisfiedRate: Rate, average: Rate, responses: z.number() }),
  customerEffortScore: z.object({ average: Rate, responses: z.number() }),
  campaigns: z.array(
    z.object({
      campaignId: z.string(),
      spend: Money,
      revenue: Money,
      wonDeals: z.number(),
      roi: z.record(z.string(), Rate),
    }),
  ),
  series: z.array(
    z.object({
      day: z.string(),
      newCustomers: z.number(),
      churnedCustomers: z.number(),
      wonDeals: z.number(),
      revenue: Money,
      npsResponses: z.number(),
    }),
  ),
  forms: z.array(z.object({ formId: z.string(), submissions: z.number() })).meta({
    description: 'Leads received through each form in the period (bots and repeats are not counted), most first',
  }),
  pipeline: z.object({ openDeals: z.number(), value: Money, weightedForecast: Money }),
  campaign: CampaignResults.optional(),
  form: z
    .object({
      formId: z.string(),
      submissions: z.number(),
      series: z.array(z.object({ day: z.string(), submissions: z.number() })),
    })
    .optional(),
  survey: z
    .object({
      surveyId: z.string(),
      kind: z.enum(['nps', 'csat', 'ces']),
      ...SurveyDay,
      series: z.array(z.object({ day: z.string(), ...SurveyDay })),
    })
    .optional(),
});

export const ServiceKpiQuery = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  teamId: Ulid.optional().describe('Only this team’s tickets (the team a ticket had when each thing happened)'),
});

const MinutesBand = z
  .object({ moreThanMinutes: z.number().nullable(), atMostMinutes: z.number().nullable() })
  .nullable()
  .meta({
    description:
      'The histogram bucket that holds the quantile (nearest rank): more than `moreThanMinutes` (null: from 0) and at most `atMostMinutes` (null: past the last bound, 30 days); null without tickets',
  });
const Durations = z.object({
  tickets: z.number(),
  averageMinutes: Rate,
  median: MinutesBand,
  p90: MinutesBand,
  histogram: z
    .array(z.object({ atMostMinutes: z.number().nullable(), tickets: z.number() }))
    .meta({ description: 'The buckets with tickets in them, in order' }),
});
const TicketSurvey = z.object({
  responses: z.number(),
  average: Rate,
  positiveRate: Rate.meta({ description: 'CSAT 4–5 (satisfied), CES 6–7 (easy)' }),
  negativeRate: Rate.meta({ description: 'CSAT 1–2, CES 1–3' }),
});

/** The service desk's KPIs (see shared/reports/service-kpi.rules.ts). */
export const ServiceKpiReport = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  teamId: z.string().optional(),
  opened: z.number().meta({ description: 'Tickets opened in the period' }),
  resolved: z.number().meta({ description: 'Tickets resolved for the first time in the period' }),
  reopened: z.number().meta({ description: 'Tickets reopened for the first time in the period' }),
  reopenRate: Rate.meta({ description: 'reopened ÷ resolved' }),
  firstResponse: Durations.meta({ description: 'From opening to the first agent answer, in minutes' }),
  resolution: Durations.meta({ description: 'From opening to the first resolution, in minutes' }),
  sla: z.object({
    met: z.number().meta({ description: 'First resolutions with no SLA breach before them' }),
    missed: z.number().meta({ description: 'First resolutions after a breach of either target' }),
    attainment: Rate.meta({ description: 'met ÷ (met + missed)' }),
    breaches: z.object({ firstResponse: z.number(), resolution: z.number() }),
  }),
  csat: TicketSurvey,
  ces: TicketSurvey,
  backlog: z.object({
    asOf: z.string().meta({ description: 'Today (UTC): the backlog is as it is now, whatever the period' }),
    total: z.number(),
    byStatusKind: z.object({ new: z.number(), open: z.number(), waiting: z.number() }),
    byAge: z.array(z.object({ band: z.enum(ageBands), tickets: z.number() })),
  }),
  series: z.array(z.object({ day: z.string(), opened: z.number(), resolved: z.number(), reopened: z.number() })),
});

export const reportRoutes = {
  kpis: defineRoute({
    name: 'GetKpis',
    method: 'GET',
    path: '/reports/kpis',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary:
      'CRM KPIs of a period (CAC, churn, retention, NPS, CES, conversion, revenue, campaign ROI, form submissions) from daily aggregates, and the open pipeline; with campaignId, formId or surveyId, that campaign’s results, form’s submissions or survey’s score day by day',
    request: { query: KpiQuery },
    responses: { 200: { description: 'The KPIs', body: KpiReport }, 400: problems[400], 404: problems[404] },
  }),
  service: defineRoute({
    name: 'GetServiceKpis',
    method: 'GET',
    path: '/reports/service',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary:
      'Service desk KPIs of a period (tickets opened, resolved and reopened, first response and resolution times as median and 90th percentile, SLA attainment, CSAT and CES of tickets) and the backlog now by status and age, from daily aggregates; for every team or one',
    request: { query: ServiceKpiQuery },
    responses: {
      200: { description: 'The service KPIs', body: ServiceKpiReport },
      400: problems[400],
      404: problems[404],
    },
  }),
  recordSpend: defineRoute({
    name: 'RecordCampaignSpend',
    method: 'POST',
    path: '/campaigns/{campaignId}/spend',
    entry,
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Record money spent on a campaign (for CAC and its ROI)',
    request: { path: z.strictObject({ campaignId: Ulid }), body: RecordSpendRequest },
    responses: {
      201: { description: 'Recorded', body: CampaignSpend },
      400: problems[400],
      403: problems[403],
      404: problems[404],
    },
  }),
  listSpend: defineRoute({
    name: 'ListCampaignSpend',
    method: 'GET',
    path: '/campaigns/{campaignId}/spend',
    entry,
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'What was spent on a campaign',
    request: { path: z.strictObject({ campaignId: Ulid }) },
    responses: { 200: { description: 'The spend entries', body: z.object({ items: z.array(CampaignSpend) }) } },
  }),
};
