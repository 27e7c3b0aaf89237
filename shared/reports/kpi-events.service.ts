import type { EnrollmentRepository } from '../campaigns/enrollment.repository.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import type { CampaignResultsRepository } from './campaign-results.repository.ts';
import {
  campaignResultEventTypes,
  campaignResultOf,
  wonDealResultCounts,
  type ResultEvent,
} from './campaign-results.rules.ts';
import {
  contactCreatedCounts,
  dealLostCounts,
  dealWonCounts,
  formSubmissionCounts,
  type Counts,
} from './kpi-counters.ts';
import type { KpiRepository } from './kpi.repository.ts';
import {
  countServiceEvent,
  serviceCountedEventTypes,
  serviceEventTypes,
  type ServiceEvent,
  type ServiceKpiEventDeps,
} from './service-kpi-events.service.ts';

export interface KpiEventDeps extends ServiceKpiEventDeps {
  kpis: KpiRepository;
  campaignResults: CampaignResultsRepository;
  enrollments: EnrollmentRepository;
}

/**
 * The events the KPI aggregates, campaign results and service KPIs count (survey answers are counted
 * where they are recorded).
 */
export const countedEventTypes = [
  'Contact Created',
  'Lead Received',
  'Deal Won',
  'Deal Lost',
  ...campaignResultEventTypes,
  ...serviceCountedEventTypes,
] as const;

const isServiceEvent = (event: { detailType: string }): boolean => serviceEventTypes.includes(event.detailType);

export interface CountedEvent {
  detailType: string;
  detail: ResultEvent['detail'] & {
    id: string;
    occurredAt: string;
    contactId?: string;
    companyId?: string;
    dealId?: string;
    amount?: number;
    currency?: string;
    dealType?: string;
    sourceKind?: string;
    sourceId?: string;
  };
}

/** Who a deal's customer is: its company, else its contact, else the deal itself. */
const customerOf = (detail: CountedEvent['detail']) =>
  detail.companyId ?? detail.contactId ?? detail.dealId ?? 'unknown';

interface Plan {
  /** The company-wide day's counters. */
  counts: Counts;
  marks: TransactItem[];
  /** A campaign's day's results. */
  campaign?: { campaignId: string; counts: Counts };
}

/**
 * Adds an event to its day's aggregate and its campaign's results, exactly once: a marker per event
 * (redelivery) and per deal (a deal won, reopened and won again counts once) is written in the same
 * transaction as the counters.
 */
export async function countEvent(
  deps: KpiEventDeps,
  event: CountedEvent | ServiceEvent,
): Promise<{ counted: boolean }> {
  // Ticket events go to the service desk's own day items (see service-kpi-events.service.ts).
  if (isServiceEvent(event)) return countServiceEvent(deps, event as ServiceEvent);
  const { detail } = event as CountedEvent;
  for (let attempt = 1; ; attempt++) {
    const planned = await plan(deps, event as CountedEvent);
    if (!planned) return { counted: false };
    try {
      await deps.kpis.write([
        deps.kpis.markItem('event', detail.id, detail.occurredAt),
        ...planned.marks,
        ...deps.kpis.counterItems(detail.occurredAt, planned.counts),
        ...(planned.campaign
          ? deps.campaignResults.counterItems(
              planned.campaign.campaignId,
              detail.occurredAt,
              planned.campaign.counts,
              detail.id,
            )
          : []),
      ]);
      return { counted: true };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (error.failedItems[0] || error.failedItems[1]) return { counted: false }; // this event, or this deal's outcome, was counted before
      if (attempt >= 3) throw error; // the customer became known in between: plan again
    }
  }
}

async function plan(deps: KpiEventDeps, event: CountedEvent): Promise<Plan | undefined> {
  const { detail } = event;
  const at = detail.occurredAt;
  if (event.detailType === 'Contact Created') return { counts: contactCreatedCounts(), marks: [] };
  if (event.detailType === 'Lead Received')
    return detail.sourceKind === 'form' && detail.sourceId
      ? { counts: formSubmissionCounts(detail.sourceId), marks: [] }
      : undefined;
  if ((campaignResultEventTypes as readonly string[]).includes(event.detailType)) {
    // A reply is credited to the campaign that mailed the contact last before it (as revenue is).
    const replied = event.detailType === 'Engagement Tracked' && detail.kind === 'email_replied' && detail.contactId;
    const repliedTo = replied ? await deps.enrollments.lastCampaignBefore(replied, at) : undefined;
    const campaign = campaignResultOf(event, repliedTo ? { repliedTo } : {});
    return campaign ? { counts: {}, marks: [], campaign } : undefined;
  }
  if (!detail.dealId) return undefined;
  if (event.detailType === 'Deal Lost')
    return {
      counts: dealLostCounts({ type: detail.dealType ?? 'new_business' }),
      marks: [deps.kpis.markItem('deal-lost', detail.dealId, at)],
    };
  if (event.detailType !== 'Deal Won' || detail.amount === undefined || !detail.currency) return undefined;
  const customer = customerOf(detail);
  const [known, campaignId] = await Promise.all([
    deps.kpis.isMarked('customer', customer),
    detail.contactId ? deps.enrollments.lastCampaignBefore(detail.contactId, at) : undefined,
  ]);
  const counts = dealWonCounts(
    { amount: detail.amount, currency: detail.currency, type: detail.dealType ?? 'new_business' },
    { newCustomer: !known, ...(campaignId ? { campaignId } : {}) },
  );
  return {
    counts,
    marks: [
      deps.kpis.markItem('deal-won', detail.dealId, at),
      ...(known ? [] : [deps.kpis.markItem('customer', customer, at)]),
    ],
    ...(campaignId
      ? { campaign: { campaignId, counts: wonDealResultCounts({ amount: detail.amount, currency: detail.currency }) } }
      : {}),
  };
}
