import type { CampaignRepository } from '../campaigns/campaign.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { PipelineRepository } from '../deals/pipeline.repository.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import type { CampaignSpendRepository } from './campaign-spend.ts';
import type { CampaignSpend, RecordSpendRequest } from './campaign-spend.schema.ts';
import { spendCounts } from './kpi-counters.ts';
import { openPipelineFromTotals } from '../deals/stage-totals.rules.ts';
import type { KpiRepository } from './kpi.repository.ts';
import type { CampaignResultsRepository } from './campaign-results.repository.ts';
import { campaignResultsReport } from './campaign-results.rules.ts';
import { computeKpis, formSubmissions, surveyResults } from './kpi.rules.ts';
import type { FormRepository } from '../forms/form.repository.ts';
import type { SurveyRepository } from '../surveys/survey.repository.ts';
import { readAll } from '../db/pagination.ts';

export interface KpiDeps {
  kpis: KpiRepository;
  campaignResults: CampaignResultsRepository;
  campaigns: CampaignRepository;
  campaignSpends: CampaignSpendRepository;
  pipelines: PipelineRepository;
  deals: DealRepository;
  forms: FormRepository;
  surveys: SurveyRepository;
  context: AppContext;
}

export interface KpiPeriod {
  from: string;
  to: string;
  campaignId?: string;
  formId?: string;
  surveyId?: string;
}

const maxDays = 3660;

/**
 * The KPIs of a period from the daily aggregates (one query, O(days)), plus the open pipeline now:
 * its value and probability-weighted forecast, per currency, from the pipelines' stage totals; and,
 * for a `campaignId`, that campaign's results over the period (campaignResults); for a `formId`, that
 * form's submissions day by day; for a `surveyId`, that survey's answers and score day by day (both from
 * the same day aggregates).
 */
export async function kpiReport(deps: KpiDeps, period: KpiPeriod) {
  checkPeriod(period);
  const { campaignId, formId, surveyId, ...dates } = period;
  const [days, pipeline, campaign, form, survey] = await Promise.all([
    deps.kpis.daysUpTo(period.to),
    openPipeline(deps),
    campaignId ? campaignResults(deps, campaignId, dates) : undefined,
    formId ? deps.forms.get(formId) : undefined,
    surveyId ? deps.surveys.get(surveyId) : undefined,
  ]);
  if (formId && !form) throw new NotFound(`There is no form ${formId}.`);
  if (surveyId && !survey) throw new NotFound(`There is no survey ${surveyId}.`);
  return {
    ...computeKpis(days, period.from, period.to),
    pipeline,
    ...(campaign ? { campaign } : {}),
    ...(form ? { form: formSubmissions(days, form.id, period.from, period.to) } : {}),
    ...(survey ? { survey: surveyResults(days, survey, period.from, period.to) } : {}),
  };
}

export function checkPeriod(period: { from: string; to: string }) {
  if (period.from > period.to)
    throw new ValidationFailed('The period ends before it starts.', [
      { pointer: '/from', message: 'must not be after to' },
    ]);
  if ((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 > maxDays)
    throw new ValidationFailed('The period is too long.', [
      { pointer: '/to', message: `at most ${maxDays} days after from` },
    ]);
}

/**
 * A campaign's results over a period, day by day, with its ROI from the spend recorded on those days:
 * one query of its result days (O(days × shards)) and one of its spend, never its emails or contacts.
 */
export async function campaignResults(
  deps: Pick<KpiDeps, 'campaigns' | 'campaignResults' | 'campaignSpends'>,
  campaignId: string,
  period: { from: string; to: string },
) {
  checkPeriod(period);
  const [campaign, days, spends] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.campaignResults.days(campaignId, period.from, period.to),
    deps.campaignSpends.listFor(campaignId),
  ]);
  if (!campaign) throw new NotFound(`There is no campaign ${campaignId}.`);
  return { campaignId, ...campaignResultsReport(days, spends, period.from, period.to) };
}

/** The open pipeline now, from each pipeline's stage totals (kept with every deal write): O(pipelines), never O(deals). */
async function openPipeline(deps: Pick<KpiDeps, 'pipelines' | 'deals'>) {
  const value = new Map<string, number>();
  const forecast = new Map<string, number>();
  let openDeals = 0;
  const pipelines = await readAll((cursor) => deps.pipelines.listAll(100, cursor));
  const totals = await Promise.all(pipelines.map((pipeline) => deps.deals.stageTotals(pipeline.id)));
  pipelines.forEach((pipeline, index) => {
    const open = openPipelineFromTotals(pipeline.stages, totals[index] ?? []);
    openDeals += open.openDeals;
    for (const [currency, amount] of open.value) value.set(currency, (value.get(currency) ?? 0) + amount);
    for (const [currency, amount] of open.weightedForecast)
      forecast.set(currency, (forecast.get(currency) ?? 0) + amount);
  });
  const round = (money: Map<string, number>) =>
    Object.fromEntries([...money].map(([currency, amount]) => [currency, Math.round(amount * 100) / 100]));
  return { openDeals, value: round(value), weightedForecast: round(forecast) };
}

/** Records money spent on a campaign: the spend item and the day's counters in one transaction. */
export async function recordCampaignSpend(
  deps: KpiDeps,
  campaignId: string,
  request: RecordSpendRequest,
): Promise<CampaignSpend> {
  if (!(await deps.campaigns.get(campaignId))) throw new NotFound(`There is no campaign ${campaignId}.`);
  const spend: CampaignSpend = { ...request, id: deps.context.newId(), campaignId, recordedAt: isoNow(deps.context) };
  await deps.kpis.write([
    deps.campaignSpends.createItem(spend),
    ...deps.kpis.counterItems(
      `${request.date}T00:00:00.000Z`,
      spendCounts(campaignId, request.amount, request.currency),
    ),
  ]);
  return spend;
}

export function campaignSpends(deps: Pick<KpiDeps, 'campaignSpends'>, campaignId: string): Promise<CampaignSpend[]> {
  return deps.campaignSpends.listFor(campaignId);
}
