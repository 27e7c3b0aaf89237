import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import type { EventDetail } from '../events/catalog.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { businessMillisBetween } from '../sla/business-hours.ts';
import { calendarFor } from '../sla/sla-settings.rules.ts';
import type { StoredSlaSettings } from '../sla/sla-settings.schema.ts';
import type { TicketRepository } from '../tickets/ticket.repository.ts';
import { addCounts, dayOf, type Counts } from './kpi-counters.ts';
import type { KpiRepository } from './kpi.repository.ts';
import type { ServiceKpiRepository } from './service-kpi.repository.ts';
import {
  backlogMoveCounts,
  backlogTeamMoveCounts,
  breachAfterCountingCounts,
  breachCounts,
  durationCounts,
  minutesOf,
  reopenedCounts,
  resolutionCounts,
  ticketOpenedCounts,
  type DurationMetric,
} from './service-kpi.rules.ts';

export interface ServiceKpiEventDeps {
  kpis: KpiRepository;
  serviceKpis: ServiceKpiRepository;
  tickets: Pick<TicketRepository, 'get'>;
  slaSettings: Pick<SettingsRepository<StoredSlaSettings>, 'get'>;
}

/** The ticket events the service KPIs count. */
export const serviceCountedEventTypes = [
  'Ticket Created',
  'Ticket Assigned',
  'Ticket Status Changed',
  'Ticket Replied',
  'Ticket Resolved',
  'Ticket Reopened',
  'Ticket SLA Breached',
] as const;

/** Every event countServiceEvent counts: the catalog's ticket events, and SLA breaches. */
export const serviceEventTypes: readonly string[] = [...serviceCountedEventTypes, 'Ticket SLA Breached'];

/** A breach of an SLA target, as the SLA timers publish it. */
export interface SlaBreachDetail {
  id: string;
  occurredAt: string;
  ticketId: string;
  metric: DurationMetric;
  teamId?: string;
}

type TicketEventType = (typeof serviceCountedEventTypes)[number];
/** One ticket event of the catalog, its detail typed by its detail-type (a union over them, distributed). */
type TicketEvent<T extends TicketEventType = TicketEventType> = T extends TicketEventType
  ? { detailType: T; detail: EventDetail<T> }
  : never;

export type ServiceEvent = TicketEvent | { detailType: 'Ticket SLA Breached'; detail: SlaBreachDetail };

/** Counters to ADD, on which day, plus the markers and checks that make them count once. */
interface Plan {
  counts: { at: string; counts: Counts }[];
  /** Written after the event's own marker; a failure of any of them means "counted before" unless `recheck`. */
  marks: TransactItem[];
  /** Items whose failure means the facts changed between the read and the write: plan again. */
  checks: TransactItem[];
}

/**
 * Adds a ticket event to the service day counters, exactly once: the event's marker (redelivery), and
 * per ticket its first resolution, first reopening and first breach, written in the transaction that
 * adds the counts. A resolution and a breach of the same ticket can be counted in either order: each
 * checks, in its transaction, that the other's marker is as it was read, and plans again if not.
 */
export async function countServiceEvent(deps: ServiceKpiEventDeps, event: ServiceEvent): Promise<{ counted: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const planned = await plan(deps, event);
    if (!planned) return { counted: false };
    // One update per day: a transaction may not touch an item twice (a breach and the resolution it
    // turns to missed can fall on the same day).
    const byDay = new Map<string, Counts>();
    for (const { at, counts } of planned.counts) byDay.set(dayOf(at), addCounts(byDay.get(dayOf(at)) ?? {}, counts));
    const counters = [...byDay].flatMap(([day, counts]) =>
      deps.serviceKpis.counterItems(`${day}T00:00:00.000Z`, counts),
    );
    const items = [
      deps.kpis.markItem('event', event.detail.id, event.detail.occurredAt),
      ...planned.marks,
      ...planned.checks,
      ...counters,
    ];
    try {
      await deps.kpis.write(items);
      return { counted: true };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      // The event, or this ticket's first resolution/reopening/breach, was counted before.
      if (error.failedItems.slice(0, 1 + planned.marks.length).some(Boolean)) return { counted: false };
      if (attempt >= 3) throw error; // a resolution and a breach of the ticket raced: read again
    }
  }
}

async function plan(deps: ServiceKpiEventDeps, event: ServiceEvent): Promise<Plan | undefined> {
  const at = event.detail.occurredAt;
  const none = { marks: [], checks: [] };
  switch (event.detailType) {
    case 'Ticket Created':
      return {
        counts: [
          { at, counts: addCounts(ticketOpenedCounts(event.detail.teamId), backlogMoveCounts(undefined, 'new')) },
        ],
        ...none,
      };
    case 'Ticket Assigned': {
      const { statusKind, previousTeamId, teamId } = event.detail;
      const counts = backlogTeamMoveCounts(statusKind, previousTeamId, teamId);
      if (Object.keys(counts).length === 0) return undefined;
      return { counts: [{ at: await openedAt(deps, event.detail), counts }], ...none };
    }
    case 'Ticket Status Changed': {
      const { fromKind, toKind, teamId } = event.detail;
      const counts = backlogMoveCounts(fromKind, toKind, teamId);
      if (Object.keys(counts).length === 0) return undefined;
      return { counts: [{ at: await openedAt(deps, event.detail), counts }], ...none };
    }
    case 'Ticket Replied': {
      if (!event.detail.firstResponse) return undefined;
      const minutes = await workingMinutes(deps, event.detail.ticketCreatedAt, at, event.detail.teamId);
      return { counts: [{ at, counts: durationCounts('firstResponse', minutes, event.detail.teamId) }], ...none };
    }
    case 'Ticket Resolved': {
      const { ticketId, teamId } = event.detail;
      const breach = await deps.kpis.readMark('ticket-breached', ticketId);
      // A breach of either target before this resolution means its targets were not all met.
      const slaMet = !(breach && breach.at <= at);
      const minutes = await workingMinutes(deps, await openedAt(deps, event.detail), at, teamId);
      return {
        counts: [{ at, counts: resolutionCounts(minutes, slaMet, teamId) }],
        marks: [deps.kpis.markItem('ticket-resolved', ticketId, at, { slaMet, ...(teamId ? { teamId } : {}) })],
        checks: [deps.kpis.markCheckItem('ticket-breached', ticketId, breach !== undefined)],
      };
    }
    case 'Ticket Reopened':
      return {
        counts: [{ at, counts: reopenedCounts(event.detail.teamId) }],
        marks: [deps.kpis.markItem('ticket-reopened', event.detail.ticketId, at)],
        checks: [],
      };
    case 'Ticket SLA Breached': {
      const { ticketId, metric, teamId } = event.detail;
      const [breach, resolution] = await Promise.all([
        deps.kpis.readMark('ticket-breached', ticketId),
        deps.kpis.readMark('ticket-resolved', ticketId),
      ]);
      const counts = [{ at, counts: breachCounts(metric, teamId) }];
      // Only the ticket's first breach can turn its first resolution from met to missed.
      if (breach) return { counts, marks: [], checks: [] };
      const countedAsMet = resolution && resolution.slaMet === true && at <= resolution.at;
      if (countedAsMet) {
        const resolvedTeam = typeof resolution.teamId === 'string' ? resolution.teamId : undefined;
        counts.push({ at: resolution.at, counts: breachAfterCountingCounts(resolvedTeam) });
      }
      return {
        counts,
        marks: [deps.kpis.markItem('ticket-breached', ticketId, at, { metric })],
        checks: [deps.kpis.markCheckItem('ticket-resolved', ticketId, resolution !== undefined)],
      };
    }
  }
}

/**
 * The working minutes between two instants in the calendar of the ticket's team (its own, else the
 * default, else around the clock: then it is calendar time), as the SLA clocks count them. The calendar
 * is the one configured when the event is counted.
 */
async function workingMinutes(deps: ServiceKpiEventDeps, from: string, to: string, teamId?: string) {
  const calendar = calendarFor(await deps.slaSettings.get(), teamId);
  return minutesOf(businessMillisBetween(calendar, new Date(from), new Date(to)));
}

/** When the ticket was opened: from the event, or (an event published before it carried it) from the ticket. */
async function openedAt(
  deps: ServiceKpiEventDeps,
  detail: { ticketId: string; ticketCreatedAt?: string | undefined; occurredAt: string },
): Promise<string> {
  if (detail.ticketCreatedAt) return detail.ticketCreatedAt;
  const ticket = await deps.tickets.get(detail.ticketId);
  return ticket?.createdAt ?? detail.occurredAt;
}
