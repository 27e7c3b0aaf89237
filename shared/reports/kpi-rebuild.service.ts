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
  formSubmissionCounts,
  spendCounts,
  surveyAnswerCounts,
  type Counts,
} from './kpi-counters.ts';
import type { KpiRepository } from './kpi.repository.ts';
import type { DayCounts } from './kpi.rules.ts';
import { readAll } from '../db/pagination.ts';
import type * as z from 'zod';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import { campaignMessageKeyParts } from '../campaigns/message-key.rules.ts';
import { readableItems } from '../db/unreadable-items.ts';
import { ConsentRecord } from '../leads/consent.repository.ts';
import type { ContactFootprintRepository } from '../privacy/contact-footprint.repository.ts';
import { MarketingSendRecord } from '../privacy/personal-data.schema.ts';
import { StoredEngagement } from '../scoring/engagement.repository.ts';
import type { CampaignResultsRepository } from './campaign-results.repository.ts';
import type { FormRepository } from '../forms/form.repository.ts';
import { campaignResultOf, wonDealResultCounts, type ResultEvent } from './campaign-results.rules.ts';

export interface KpiRebuildDeps {
  kpis: KpiRepository;
  campaignResults: CampaignResultsRepository;
  contactFootprints: ContactFootprintRepository;
  activities: ActivityRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  pipelines: PipelineRepository;
  campaigns: CampaignRepository;
  campaignSpends: CampaignSpendRepository;
  enrollments: EnrollmentRepository;
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  owners: OwnerRepository;
  forms: FormRepository;
}

export interface KpiDifference {
  day: string;
  counter: string;
  aggregate: number;
  recomputed: number;
}

/**
 * Recomputes every day's aggregate from the source data (contacts, won and lost deals, survey
 * responses, campaign spend) and every campaign's results (from each contact's sends, engagements,
 * unsubscribes, bounce and complaint timeline entries and enrollments) with the same counting rules
 * as the live path, and reports where the live aggregates differ. With `apply`, the recomputed
 * aggregates replace them. An offline command: it reads everything once, through indexes and
 * partitions, never a table scan.
 */
export async function rebuildKpis(
  deps: KpiRebuildDeps,
  options: { apply: boolean },
): Promise<{
  days: DayCounts[];
  differences: KpiDifference[];
  stageTotalDifferences: StageTotalDifference[];
  openLeadDifferences: OpenLeadDifference[];
  campaignResultDifferences: CampaignResultDifference[];
}> {
  const byDay = new Map<string, Counts>();
  const count = (at: string, counts: Counts) => byDay.set(dayOf(at), addCounts(byDay.get(dayOf(at)) ?? {}, counts));
  const results = new Map<string, Map<string, Counts>>();
  const countResult = (result: { campaignId: string; counts: Counts } | undefined, at: string) => {
    if (!result) return;
    const days = results.get(result.campaignId) ?? new Map<string, Counts>();
    results.set(result.campaignId, days.set(dayOf(at), addCounts(days.get(dayOf(at)) ?? {}, result.counts)));
  };

  const openLeads = new Map<string, number>();
  // A form submission's engagement names its form; a webhook lead's names its source, which is no form.
  const formIds = new Set((await readAll((cursor) => deps.forms.listAll(100, cursor))).map((form) => form.id));
  for (const contact of await readAll((cursor) => deps.contacts.listAll(100, cursor))) {
    count(contact.createdAt, contactCreatedCounts());
    const ownerId = isOpenLeadOf(contact);
    if (ownerId) openLeads.set(ownerId, (openLeads.get(ownerId) ?? 0) + 1);
    const { events, formSubmissions } = await recordedEventsOf(deps, contact.id);
    for (const { formId, at } of formSubmissions) if (formIds.has(formId)) count(at, formSubmissionCounts(formId));
    for (const { event, at } of events) {
      const replied = event.detail.kind === 'email_replied';
      const repliedTo = replied ? await deps.enrollments.lastCampaignBefore(contact.id, at) : undefined;
      countResult(campaignResultOf(event, repliedTo ? { repliedTo } : {}), at);
    }
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
    if (campaignId) countResult({ campaignId, counts: wonDealResultCounts(deal) }, deal.wonAt ?? deal.updatedAt);
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
  const campaignResultDifferences: CampaignResultDifference[] = [];
  for (const campaign of await readAll((cursor) => deps.campaigns.listAll(100, cursor))) {
    for (const spend of await deps.campaignSpends.listFor(campaign.id))
      count(`${spend.date}T00:00:00.000Z`, spendCounts(campaign.id, spend.amount, spend.currency));
    const recomputed = sortedDays(results.get(campaign.id) ?? new Map());
    const live = await deps.campaignResults.days(campaign.id, '0000-00-00', '9999-12-31');
    const differ = compare(live, recomputed);
    campaignResultDifferences.push(
      ...differ.map(({ day, counter, aggregate, recomputed: value }) => ({
        campaignId: campaign.id,
        day,
        counter,
        live: aggregate,
        recomputed: value,
      })),
    );
    if (options.apply && differ.length > 0) await deps.campaignResults.replaceAll(campaign.id, recomputed);
  }

  const days = sortedDays(byDay);
  const differences = compare(await deps.kpis.daysUpTo('9999-12-31'), days);
  if (options.apply) await deps.kpis.replaceAll(days);
  return { days, differences, stageTotalDifferences, openLeadDifferences, campaignResultDifferences };
}

const sortedDays = (byDay: ReadonlyMap<string, Counts>): DayCounts[] =>
  [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, counts }));

/** A campaign's results on a day that differ from a recount of the contacts' records. */
export interface CampaignResultDifference {
  campaignId: string;
  day: string;
  counter: string;
  live: number;
  recomputed: number;
}

/**
 * The form submissions a contact's engagements record (each names its form or webhook source), and the
 * campaign events a contact's stored records stand for, each with when it happened: its campaign
 * emails (marketing sends), first opens and clicks and replies (engagements), unsubscribes through a
 * campaign's link (consent records), permanent bounces and complaints (timeline entries), and goals met
 * (its enrollments; only each enrollment's latest run is kept, so a converted earlier run is not).
 */
async function recordedEventsOf(
  deps: KpiRebuildDeps,
  contactId: string,
): Promise<{ events: { event: ResultEvent; at: string }[]; formSubmissions: { formId: string; at: string }[] }> {
  const [partition, activities, enrollments] = await Promise.all([
    deps.contactFootprints.partitionItems(contactId),
    readAll((cursor) => deps.activities.contactTimeline(contactId, 100, cursor)),
    readAll((cursor) => deps.enrollments.listByContact(contactId, 100, cursor)),
  ]);
  const of = <T>(entity: string, schema: z.ZodType<T>) =>
    readableItems(
      schema,
      entity,
      partition.filter((item) => item.entity === entity),
    );
  const campaignOfSource = (source: string) =>
    source.startsWith('campaign:') ? source.slice('campaign:'.length) : undefined;
  const engagements = of('Engagement', StoredEngagement);
  const formSubmissions = engagements.flatMap((engagement) =>
    engagement.kind === 'form_submitted' && engagement.sourceId
      ? [{ formId: engagement.sourceId, at: engagement.occurredAt }]
      : [],
  );
  const events = [
    ...of('MarketingSend', MarketingSendRecord).map(({ key, at }) => ({
      event: { detailType: 'Email Sent', detail: { campaignId: campaignMessageKeyParts(key)?.campaignId } },
      at,
    })),
    ...engagements.map((engagement) => ({
      event: { detailType: 'Engagement Tracked', detail: { engagementId: engagement.id, kind: engagement.kind } },
      at: engagement.occurredAt,
    })),
    ...of('ConsentRecord', ConsentRecord)
      .filter((record) => record.method === 'unsubscribe')
      .map((record) => ({
        event: { detailType: 'Contact Unsubscribed', detail: { campaignId: campaignOfSource(record.source) } },
        at: record.at,
      })),
    ...activities.flatMap((activity) => {
      const { event, messageKey } = activity.details;
      const detailType = event === 'bounce' ? 'Email Bounced' : event === 'complaint' ? 'Email Complained' : undefined;
      return detailType && typeof messageKey === 'string'
        ? [{ event: { detailType, detail: { messageKey } }, at: activity.occurredAt }]
        : [];
    }),
    ...enrollments.flatMap((enrollment) =>
      enrollment.status === 'ended' && enrollment.endReason === 'converted' && enrollment.endedAt
        ? [
            {
              event: {
                detailType: 'Campaign Enrollment Ended',
                detail: { campaignId: enrollment.campaignId, reason: 'converted' },
              },
              at: enrollment.endedAt,
            },
          ]
        : [],
    ),
  ].map(({ event, at }) => ({ event: withoutUndefined(event), at }));
  return { events, formSubmissions };
}

/** The event with its undefined fields left out (a source record that names no campaign counts for none). */
const withoutUndefined = (event: { detailType: string; detail: Record<string, string | undefined> }): ResultEvent => ({
  detailType: event.detailType,
  detail: Object.fromEntries(Object.entries(event.detail).filter(([, value]) => value !== undefined)),
});

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
