import type { Actor } from '../auth/actor.ts';
import { isoNow } from '../context.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { timerName } from '../scheduling/timers.ts';
import type { SegmentDeps } from '../segments/segment.service.ts';
import type { Campaign } from './campaign.schema.ts';
import { publishCampaign, type CampaignDeps } from './campaign.service.ts';
import { segmentMembers } from '../segments/segment.service.ts';
import { enrollContact, type EnrollmentDeps } from './enrollment.service.ts';

/** Enrollments in flight at once within a page: bounded, so DynamoDB and the Scheduler API see a steady rate. */
const enrollmentConcurrency = 8;

export interface SegmentEnrollmentPage {
  /** Members read so far in this run: the next member's send slot. */
  offset: number;
  enrolled: number;
  skipped: number;
  /** Where the next page starts; absent when the segment has been read to the end. */
  nextCursor?: string;
}

/**
 * Enrolls one page (up to 100) of a segment's members. First emails are spread out at
 * `sendsPerSecond` from `startAt`, so a large segment reaches SES at the rate the account may send,
 * instead of as one burst; the segment-enrollment workflow calls this page by page.
 */
export async function enrollSegmentPage(
  deps: EnrollmentDeps & SegmentDeps,
  request: {
    campaignId: string;
    segmentId: string;
    startAt: string;
    sendsPerSecond: number;
    offset: number;
    cursor?: string;
  },
): Promise<SegmentEnrollmentPage> {
  const page = await segmentMembers(deps, request.segmentId, {
    limit: 100,
    ...(request.cursor ? { cursor: request.cursor } : {}),
  });
  // Each member's slot is its place in the segment, so a retried page gives everyone the same time.
  const slots = page.items.map((contact, i) => ({ contact, slot: request.offset + i }));
  let enrolled = 0;
  let next = 0;
  const worker = async () => {
    while (next < slots.length) {
      const { contact, slot } = slots[next++] as (typeof slots)[number];
      const firstStepAt = new Date(
        Date.parse(request.startAt) + Math.floor((slot * 1000) / request.sendsPerSecond),
      ).toISOString();
      if ((await enrollContact(deps, request.campaignId, contact.id, { firstStepAt })).enrolled) enrolled++;
    }
  };
  await Promise.all(Array.from({ length: enrollmentConcurrency }, worker));
  const offset = request.offset + page.items.length;
  return {
    offset,
    enrolled,
    skipped: page.items.length - enrolled,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/**
 * Starts enrolling a segment's members (the campaign's trigger segment unless another is named): the
 * segment-enrollment workflow then pages through it. Members who join the segment later are not
 * enrolled by this; run it again (enrollment is at most once per contact by the re-enrollment policy).
 */
export async function startSegmentEnrollment(
  deps: EnrollmentDeps & SegmentDeps,
  campaignId: string,
  segmentId?: string,
): Promise<{ campaignId: string; segmentId: string; startAt: string }> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new NotFound(`There is no campaign ${campaignId}.`);
  if (campaign.status !== 'active' || !campaign.publishedVersion)
    throw new Conflict('Only a published, active campaign can enroll a segment.');
  const version = await deps.campaigns.getVersion(campaignId, campaign.publishedVersion);
  const target =
    segmentId ?? (version?.definition.trigger.type === 'segment' ? version.definition.trigger.segmentId : undefined);
  if (!target)
    throw new ValidationFailed('Name a segment: the campaign is not triggered by one.', [
      { pointer: '/segmentId', message: 'required for this campaign' },
    ]);
  if (!(await deps.segments.get(target)))
    throw new ValidationFailed(`There is no segment ${target}.`, [
      { pointer: '/segmentId', message: 'no such segment' },
    ]);
  const startAt = isoNow(deps.context);
  await deps.timers.scheduleOnce({
    name: timerName('se', campaignId, target, Date.parse(startAt)),
    target: 'segment-enrollment',
    at: startAt,
    payload: { campaignId, segmentId: target, startAt },
  });
  return { campaignId, segmentId: target, startAt };
}

/** Publishes the draft; a campaign triggered by a segment starts enrolling it when it first goes live. */
export async function publishAndEnrollSegment(
  deps: EnrollmentDeps & SegmentDeps & CampaignDeps,
  campaignId: string,
  actor: Actor,
  expectedVersion?: number,
): Promise<Campaign> {
  const before = await deps.campaigns.get(campaignId);
  const after = await publishCampaign(deps, campaignId, actor, expectedVersion);
  if (before?.status === 'draft' && after.status === 'active' && after.draft.trigger.type === 'segment')
    await startSegmentEnrollment(deps, campaignId);
  return after;
}
