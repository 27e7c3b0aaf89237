import type { CampaignRepository } from '../campaigns/campaign.repository.ts';
import type { EnrollmentRepository } from '../campaigns/enrollment.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import { isOpenLeadOf } from '../contacts/open-leads.rules.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { Deal } from '../deals/deal.schema.ts';
import type { PipelineRepository } from '../deals/pipeline.repository.ts';
import { stageTotalDeltas, type StageTotal } from '../deals/stage-totals.rules.ts';
import type { SurveyRepository } from '../surveys/survey.repository.ts';
import type { SurveySendRepository } from '../surveys/survey-send.repository.ts';
import type { CampaignSpendRepository } from './campaign-spend.ts';
import {
  addCounts,
  contactCreatedCounts,
  dayOf,
  dealLostCounts,
  dealWonCounts,
  spendCounts,
  surveyAnswerCounts,
  type Counts,
} from './kpi-counters.ts';
import type { KpiRepository } from './kpi.repository.ts';
import type { DayCounts } from './kpi.rules.ts';
import { readAll } from '../db/pagination.ts';

export interface KpiRebuildDeps {
  kpis: KpiRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  pipelines: PipelineRepository;
  campaigns: CampaignRepository;
  campaignSpends: CampaignSpendRepository;
  enrollments: EnrollmentRepository;
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  owners: OwnerRepository;
}

export interface KpiDifference {
  day: string;
  counter: string;
  aggregate: number;
  recomputed: number;
}

/**
 * Recomputes every day's aggregate from the source data (contacts, won and lost deals, survey
 * responses, campaign spend) with the same counting rules as the live path, and reports where the
 * live aggregates differ. With `apply`, the recomputed aggregates replace them. An offline command:
 * it reads everything once, through indexes and partitions, never a table scan.
 */
export async function rebuildKpis(
  deps: KpiRebuildDeps,
  options: { apply: boolean },
): Promise<{
  days: DayCounts[];
  differences: KpiDifference[];
  stageTotalDifferences: StageTotalDifference[];
  openLeadDifferences: OpenLeadDifference[];
}> {
  const byDay = new Map<string, Counts>();
  const count = (at: string, counts: Counts) => byDay.set(dayOf(at), addCounts(byDay.get(dayOf(at)) ?? {}, counts));

  const openLeads = new Map<string, number>();
  for (const contact of await readAll((cursor) => deps.contacts.listAll(100, cursor))) {
    count(contact.createdAt, contactCreatedCounts());
    const ownerId = isOpenLeadOf(contact);
    if (ownerId) openLeads.set(ownerId, (openLeads.get(ownerId) ?? 0) + 1);
  }
  const openLeadDifferences: OpenLeadDifference[] = [];
  for (const owner of await readAll((cursor) => deps.owners.listAll(100, cursor))) {
    const [live, recounted] = [await deps.contacts.countOpenLeads(owner.id), openLeads.get(owner.id) ?? 0];
    if (live === recounted) continue;
    openLeadDifferences.push({ ownerId: owner.id, live, recounted });
    if (options.apply) await deps.contacts.replaceOpenLeadCount(owner.id, recounted);
  }

  const won = (await readAll((cursor) => deps.deals.listWon('0000', '9999', 100, cursor))).sort((a, b) =>
    (a.wonAt ?? '').localeCompare(b.wonAt ?? ''),
  );
  const customers = new Set<string>();
  for (const deal of won) {
    const customer = customerOf(deal);
    const campaignId =
      deal.contactId && deal.wonAt ? await deps.enrollments.lastCampaignBefore(deal.contactId, deal.wonAt) : undefined;
    count(
      deal.wonAt ?? deal.updatedAt,
      dealWonCounts(deal, { newCustomer: !customers.has(customer), ...(campaignId ? { campaignId } : {}) }),
    );
    customers.add(customer);
  }
  const stageTotalDifferences: StageTotalDifference[] = [];
  for (const pipeline of await readAll((cursor) => deps.pipelines.listAll(100, cursor))) {
    const recomputed: StageTotal[] = [];
    for (const stage of pipeline.stages) {
      const deals = await readAll((cursor) => deps.deals.listByStage(pipeline.id, stage.id, 100, cursor));
      if (stage.kind === 'lost') for (const deal of deals) count(deal.lostAt ?? deal.updatedAt, dealLostCounts(deal));
      for (const deal of deals) {
        const [delta] = stageTotalDeltas(undefined, deal);
        const total = recomputed.find((t) => t.stageId === stage.id && t.currency === deal.currency);
        if (!delta) continue;
        if (total) Object.assign(total, { dealCount: total.dealCount + 1, amount: total.amount + delta.amount });
        else recomputed.push(delta);
      }
    }
    const live = await deps.deals.stageTotals(pipeline.id);
    stageTotalDifferences.push(...compareStageTotals(pipeline.id, live, recomputed));
    if (options.apply) await deps.deals.replaceStageTotals(pipeline.id, recomputed);
  }
  for (const survey of await readAll((cursor) => deps.surveys.listAll(100, cursor))) {
    for (const response of await readAll((cursor) => deps.surveySends.responsesOf(survey.id, 100, cursor)))
      count(response.answeredAt, surveyAnswerCounts(undefined, response));
  }
  for (const campaign of await readAll((cursor) => deps.campaigns.listAll(100, cursor))) {
    for (const spend of await deps.campaignSpends.listFor(campaign.id))
      count(`${spend.date}T00:00:00.000Z`, spendCounts(campaign.id, spend.amount, spend.currency));
  }

  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));
  const differences = compare(await deps.kpis.daysUpTo('9999-12-31'), days);
  if (options.apply) await deps.kpis.replaceAll(days);
  return { days, differences, stageTotalDifferences, openLeadDifferences };
}

/** An owner whose open-lead counter (capacity routing) differs from a recount of their contacts. */
export interface OpenLeadDifference {
  ownerId: string;
  live: number;
  recounted: number;
}

/** A pipeline stage whose live totals differ from the ones recomputed from its deals. */
export interface StageTotalDifference {
  pipelineId: string;
  stageId: string;
  currency: string;
  live: { dealCount: number; amount: number };
  recomputed: { dealCount: number; amount: number };
}

function compareStageTotals(
  pipelineId: string,
  live: readonly StageTotal[],
  recomputed: readonly StageTotal[],
): StageTotalDifference[] {
  const key = (total: StageTotal) => JSON.stringify([total.stageId, total.currency]);
  const liveByKey = new Map(live.map((total) => [key(total), total]));
  const freshByKey = new Map(recomputed.map((total) => [key(total), total]));
  const differences: StageTotalDifference[] = [];
  for (const k of new Set([...liveByKey.keys(), ...freshByKey.keys()])) {
    const [a, b] = [liveByKey.get(k), freshByKey.get(k)];
    const [stageId, currency] = JSON.parse(k) as [string, string];
    const aCount = a?.dealCount ?? 0;
    const bCount = b?.dealCount ?? 0;
    if (aCount === bCount && Math.abs((a?.amount ?? 0) - (b?.amount ?? 0)) <= 0.005) continue;
    differences.push({
      pipelineId,
      stageId,
      currency,
      live: { dealCount: aCount, amount: a?.amount ?? 0 },
      recomputed: { dealCount: bCount, amount: b?.amount ?? 0 },
    });
  }
  return differences;
}

const customerOf = (deal: Pick<Deal, 'companyId' | 'contactId' | 'id'>) => deal.companyId ?? deal.contactId ?? deal.id;

function compare(aggregates: readonly DayCounts[], recomputed: readonly DayCounts[]): KpiDifference[] {
  const live = new Map(aggregates.map(({ day, counts }) => [day, counts]));
  const fresh = new Map(recomputed.map(({ day, counts }) => [day, counts]));
  const differences: KpiDifference[] = [];
  for (const day of [...new Set([...live.keys(), ...fresh.keys()])].sort()) {
    const [a = {}, b = {}] = [live.get(day), fresh.get(day)];
    for (const counter of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const [aggregate, recomputedValue] = [a[counter] ?? 0, b[counter] ?? 0];
      // Money is summed in floating point on both paths; a cent's rounding is not a difference.
      if (Math.abs(aggregate - recomputedValue) > 0.005)
        differences.push({ day, counter, aggregate, recomputed: recomputedValue });
    }
  }
  return differences;
}
