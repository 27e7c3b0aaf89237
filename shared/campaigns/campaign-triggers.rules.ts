import type { Campaign } from './campaign.schema.ts';

/** Domain events that can enroll a contact through a campaign's `event` or `form` trigger. */
export const enrollingEventTypes = [
  'Lead Received',
  'Lead Qualified',
  'Lead Assigned',
  'Deal Won',
  'Deal Lost',
  'Contact Created',
] as const;

/** Events after which a contact may have joined a segment: a segment-triggered campaign checks membership on them. */
export const membershipEventTypes = ['Contact Created', 'Contact Updated', 'Lead Scored'] as const;

/** Segment-triggered campaigns are filed together: any contact change may bring a contact into any segment. */
export const segmentTriggerKey = 'segment';

export interface TriggerEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

/**
 * The running campaigns an event enrolls its contact in: an `event` trigger on its detail-type whose
 * `detail` values all match, or a `form` trigger on a lead from that form.
 */
export function campaignsTriggeredBy(
  event: TriggerEvent,
  campaigns: readonly Pick<Campaign, 'id' | 'status' | 'liveTrigger'>[],
): string[] {
  return campaigns
    .filter((campaign) => campaign.status === 'active' && campaign.liveTrigger !== undefined)
    .filter(({ liveTrigger: trigger }) => {
      if (trigger?.type === 'form')
        return (
          event.detailType === 'Lead Received' &&
          event.detail.sourceKind === 'form' &&
          event.detail.sourceId === trigger.formId
        );
      if (trigger?.type !== 'event' || trigger.detailType !== event.detailType) return false;
      return Object.entries(trigger.detail).every(([field, value]) => event.detail[field] === value);
    })
    .map((campaign) => campaign.id);
}

type LiveTrigger = NonNullable<Campaign['liveTrigger']>;

/** Where a live trigger is filed, so the event that fires it finds it by key: `event:<detail-type>`, `form:<form id>` or `segment`. */
export function triggerKeyOf(trigger: LiveTrigger | undefined): string | undefined {
  if (trigger?.type === 'event') return `event:${trigger.detailType}`;
  if (trigger?.type === 'form') return `form:${trigger.formId}`;
  if (trigger?.type === 'segment') return segmentTriggerKey;
  return undefined;
}

/** The trigger keys an event may fire. */
export function triggerKeysFor(event: TriggerEvent): string[] {
  const keys = [`event:${event.detailType}`];
  if (
    event.detailType === 'Lead Received' &&
    event.detail.sourceKind === 'form' &&
    typeof event.detail.sourceId === 'string'
  )
    keys.push(`form:${event.detail.sourceId}`);
  if ((membershipEventTypes as readonly string[]).includes(event.detailType)) keys.push(segmentTriggerKey);
  return keys;
}
