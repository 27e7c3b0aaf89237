import { enrollingEventTypes, membershipEventTypes } from '#shared/campaigns/campaign-triggers.rules.ts';
import { eventCatalog } from '#shared/events/catalog.ts';
import { countedEventTypes } from '#shared/reports/kpi-events.service.ts';
import { slaPlanningEventTypes } from '#shared/sla/ticket-sla-timers.service.ts';
import type { EventPattern } from '#workflows/workflow.ts';

/**
 * Lambdas that react to domain events: CDK wires each to an EventBridge rule on the stage bus (with
 * retries and a DLQ); the local bus calls the same module for matching events.
 */
export interface EventSubscription {
  name: string;
  pattern: EventPattern;
  /** Handler module relative to the repository root; it exports `handler` taking the EventBridge event. */
  entry: string;
  tableAccess: 'read' | 'readWrite';
  sendsEmail?: boolean;
  usesAppSecrets?: boolean;
  /** Sets one-time timers or starts workflows through them (the first campaign step). */
  setsTimers?: boolean;
}

export const eventSubscriptions: readonly EventSubscription[] = [
  {
    name: 'send-double-opt-in',
    pattern: { source: ['relay.leads'], 'detail-type': ['Lead Received'], detail: { doubleOptInRequired: [true] } },
    entry: 'functions/events/send-double-opt-in.ts',
    tableAccess: 'readWrite',
    sendsEmail: true,
    usesAppSecrets: true,
  },
  {
    name: 'enroll-on-request',
    pattern: { source: ['relay.campaigns'], 'detail-type': ['Campaign Enrollment Requested'] },
    entry: 'functions/events/enroll-on-request.ts',
    tableAccess: 'readWrite',
    setsTimers: true,
  },
  {
    name: 'enroll-on-trigger',
    pattern: {
      source: ['relay.leads', 'relay.deals', 'relay.contacts'],
      'detail-type': [...new Set([...enrollingEventTypes, ...membershipEventTypes])],
    },
    entry: 'functions/events/enroll-on-trigger.ts',
    tableAccess: 'readWrite',
    setsTimers: true,
  },
  {
    // Every change that can move a ticket's SLA due times: its timers are planned again from the ticket as it
    // is; new SLA settings re-plan every unfinished ticket (and rewrite its place in the breaching-soon index).
    name: 'plan-ticket-sla-timers',
    pattern: { source: ['relay.tickets'], 'detail-type': [...slaPlanningEventTypes, 'SLA Settings Changed'] },
    entry: 'functions/events/plan-ticket-sla-timers.ts',
    tableAccess: 'readWrite',
    setsTimers: true,
  },
  {
    name: 'count-kpis',
    pattern: {
      source: [...new Set(countedEventTypes.map((type) => eventCatalog[type].source))],
      'detail-type': [...countedEventTypes],
    },
    entry: 'functions/events/count-kpis.ts',
    tableAccess: 'readWrite',
  },
  {
    name: 'deliver-webhooks',
    pattern: { source: [...new Set(Object.values(eventCatalog).map((entry) => entry.source))] },
    entry: 'functions/events/deliver-webhooks.ts',
    tableAccess: 'readWrite',
    usesAppSecrets: true,
    setsTimers: true,
  },
];
