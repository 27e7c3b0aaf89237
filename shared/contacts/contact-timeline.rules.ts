import type { Activity } from '../activities/activity.schema.ts';
import type { StageChange } from '../deals/deal.schema.ts';
import type { ConsentRecord } from '../leads/consent.repository.ts';
import type { EngagementKind } from '../scoring/scoring-model.schema.ts';
import type { TimelineEntry } from './contact-timeline.schema.ts';

type Engagement = { id: string; kind: EngagementKind; occurredAt: string; name?: string; url?: string };

/**
 * The engagements the timeline shows as their own entries. The others (form submitted, email opened,
 * clicked or replied, survey answered) are written together with an activity that already tells them.
 */
export const engagementKindsOnTimeline = ['page_viewed', 'event_tracked'] as const satisfies readonly EngagementKind[];

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function activityEntry(activity: Activity): TimelineEntry {
  return {
    id: `activity:${activity.id}`,
    kind: 'activity',
    occurredAt: activity.occurredAt,
    activityType: activity.type,
    ...optional('subject', activity.subject),
    ...optional('body', activity.body),
    ...optional('direction', activity.direction),
    ...optional('durationSeconds', activity.durationSeconds),
    ...optional('dueAt', activity.dueAt),
    ...optional('done', activity.done),
    ...optional('ownerId', activity.ownerId),
    ...optional('dealId', activity.dealId),
    details: activity.details,
    loggedBy: activity.loggedBy,
    ref: { type: 'activity', id: activity.id },
  };
}

/** The entry of an engagement, or none when an activity already tells it. */
export function engagementEntry(engagement: Engagement): TimelineEntry | undefined {
  const kind = engagement.kind;
  if (kind !== 'page_viewed' && kind !== 'event_tracked') return undefined;
  return {
    id: `engagement:${engagement.id}`,
    kind: 'engagement',
    occurredAt: engagement.occurredAt,
    engagementKind: kind,
    ...optional('name', engagement.name),
    ...optional('url', engagement.url),
    ref: { type: 'engagement', id: engagement.id },
  };
}

export function consentEntry(record: ConsentRecord): TimelineEntry {
  return {
    id: `consent-record:${record.id}`,
    kind: 'consent',
    occurredAt: record.at,
    status: record.status,
    method: record.method,
    source: record.source,
    ...optional('textVersion', record.textVersion),
    ref: { type: 'consent-record', id: record.id },
  };
}

/** `position` tells two moves of one deal at the same instant apart. */
export function dealStageChangeEntry(change: StageChange, position: string): TimelineEntry {
  return {
    id: `deal:${change.dealId}:${position}`,
    kind: 'deal_stage_change',
    occurredAt: change.at,
    dealId: change.dealId,
    ...optional('fromStageId', change.fromStageId),
    toStageId: change.toStageId,
    ...optional('reason', change.reason),
    byPrincipal: change.byPrincipal,
    ref: { type: 'deal', id: change.dealId },
  };
}
