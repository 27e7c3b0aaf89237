import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { domainEvent } from '../events/catalog.ts';
import { timerName, type TimerScheduler } from '../scheduling/timers.ts';
import type { SegmentRepository } from '../segments/segment.repository.ts';
import { matchesSegment } from '../segments/segment.rules.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import { campaignsTriggeredBy, triggerKeysFor, type TriggerEvent } from './campaign-triggers.rules.ts';
import type { Campaign, ChangeCampaignStatusRequest } from './campaign.schema.ts';
import { changeCampaignStatus, type CampaignDeps } from './campaign.service.ts';
import type { EnrollmentRepository } from './enrollment.repository.ts';
import { endedEnrollment, ranOutOfSteps } from './enrollment.rules.ts';
import { enrollmentId, type Enrollment } from './enrollment.schema.ts';

export interface EnrollmentDeps {
  campaigns: CampaignRepository;
  enrollments: EnrollmentRepository;
  contacts: ContactRepository;
  timers: TimerScheduler;
  context: AppContext;
}

export type EnrollmentOutcome =
  | { enrolled: true; enrollment: Enrollment }
  | {
      enrolled: false;
      reason:
        'no-campaign' | 'campaign-not-running' | 'no-contact' | 'already-enrolled' | 'not-re-enrollable' | 'too-soon';
    };

const dayMs = 24 * 3600 * 1000;

/** The timer that runs an enrollment's next step: named by campaign, contact, run and due time, so setting it twice keeps one. */
export const stepTimerName = (enrollment: Pick<Enrollment, 'campaignId' | 'contactId' | 'run'>, at: string) =>
  timerName('cs', enrollment.campaignId, enrollment.contactId, enrollment.run, Date.parse(at));

/**
 * Enrolls a contact in the campaign's published version, at most once at a time, by the campaign's
 * re-enrollment policy; the first step runs at once (or at `firstStepAt`, when a segment's enrollment
 * is spread out to the SES send rate). A paused campaign's new enrollment is held.
 */
export async function enrollContact(
  deps: EnrollmentDeps,
  campaignId: string,
  contactId: string,
  options: { firstStepAt?: string } = {},
): Promise<EnrollmentOutcome> {
  const [campaign, contact, stored] = await Promise.all([
    deps.campaigns.get(campaignId),
    deps.contacts.get(contactId),
    deps.enrollments.get(enrollmentId(campaignId, contactId)),
  ]);
  if (!campaign) return { enrolled: false, reason: 'no-campaign' };
  if (!contact) return { enrolled: false, reason: 'no-contact' };
  if ((campaign.status !== 'active' && campaign.status !== 'paused') || !campaign.publishedVersion)
    return { enrolled: false, reason: 'campaign-not-running' };
  const version = await deps.campaigns.getVersion(campaignId, campaign.publishedVersion);
  if (!version) return { enrolled: false, reason: 'campaign-not-running' };
  const now = isoNow(deps.context);
  const firstStepAt = options.firstStepAt && options.firstStepAt > now ? options.firstStepAt : now;
  const existing = stored && ranOutOfSteps(stored, now) ? await endRanOut(deps, stored, now) : stored;
  if (existing && existing.status !== 'ended') return { enrolled: false, reason: 'already-enrolled' };
  if (existing) {
    const policy = version.definition.reEnrollment;
    if (policy.policy === 'never') return { enrolled: false, reason: 'not-re-enrollable' };
    if (Date.parse(existing.endedAt ?? existing.updatedAt) + policy.minDaysBetween * dayMs > Date.parse(now))
      return { enrolled: false, reason: 'too-soon' };
  }
  const enrollment: Enrollment = {
    id: enrollmentId(campaignId, contactId),
    campaignId,
    contactId,
    campaignVersion: version.number,
    run: (existing?.run ?? 0) + 1,
    status: campaign.status === 'paused' ? 'held' : 'active',
    ...(version.definition.steps[0]
      ? { stepId: version.definition.steps[0].id, atStepId: version.definition.steps[0].id }
      : {}),
    sent: [],
    enrolledAt: now,
    nextRunAt: firstStepAt,
    version: (existing?.version ?? 0) + 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const event = domainEvent(
    'Campaign Enrollment Started',
    { campaignId, contactId, campaignVersion: version.number, run: enrollment.run },
    { id: `enroll-${campaignId}-${contactId}-${enrollment.run}`, occurredAt: now },
  );
  try {
    await deps.enrollments.start(enrollment, event, existing);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return { enrolled: false, reason: 'already-enrolled' };
    throw error;
  }
  if (enrollment.status === 'active')
    await deps.timers.scheduleOnce({
      name: stepTimerName(enrollment, firstStepAt),
      target: 'campaign-step',
      at: firstStepAt,
      payload: { campaignId, contactId, run: enrollment.run, dueAt: firstStepAt },
    });
  return { enrolled: true, enrollment };
}

/** Ends, as completed, an enrollment left active after its last step (see ranOutOfSteps); returns it as it now is. */
async function endRanOut(deps: EnrollmentDeps, enrollment: Enrollment, at: string): Promise<Enrollment | undefined> {
  const { after, event } = endedEnrollment({ ...enrollment, version: enrollment.version + 1 }, 'completed', at);
  try {
    await deps.enrollments.advance(enrollment, after, [], [event]);
    return after;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) return deps.enrollments.get(enrollment.id);
    throw error;
  }
}

/** Resumes the enrollments a pause held: each runs its step again now (or when it was due, if later). */
export async function resumeHeldEnrollments(deps: EnrollmentDeps, campaignId: string): Promise<number> {
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.enrollments.listByStatus(campaignId, 'held', 100, cursor);
    for (const held of page.items) {
      const now = isoNow(deps.context);
      const dueAt = held.nextRunAt && held.nextRunAt > now ? held.nextRunAt : now;
      try {
        await deps.enrollments.advance(held, {
          ...held,
          status: 'active',
          nextRunAt: dueAt,
          version: held.version + 1,
          updatedAt: now,
        });
      } catch (error) {
        if (error instanceof TransactionConditionFailed) continue;
        throw error;
      }
      await deps.timers.scheduleOnce({
        name: stepTimerName(held, dueAt),
        target: 'campaign-step',
        at: dueAt,
        payload: { campaignId, contactId: held.contactId, run: held.run, dueAt },
      });
      resumed++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return resumed;
}

/** Changes a campaign's status; resuming a paused campaign sets its held enrollments going again. */
export async function changeStatusResumingHeld(
  deps: EnrollmentDeps & CampaignDeps,
  campaignId: string,
  request: ChangeCampaignStatusRequest,
  expectedVersion?: number,
): Promise<Campaign> {
  const before = await deps.campaigns.get(campaignId);
  const after = await changeCampaignStatus(deps, campaignId, request, expectedVersion);
  if (before?.status === 'paused' && after.status === 'active') await resumeHeldEnrollments(deps, campaignId);
  return after;
}

/**
 * Enrolls the event's contact in every running campaign whose `event` or `form` trigger it matches,
 * and, after a contact change, in every segment-triggered campaign whose segment the contact is now in
 * (so a contact who joins a segment after its campaign started is enrolled then, not at the next run).
 */
export async function enrollOnEvent(
  deps: EnrollmentDeps & { segments: SegmentRepository },
  event: TriggerEvent,
): Promise<{ campaignId: string; outcome: EnrollmentOutcome }[]> {
  const contactId = typeof event.detail.contactId === 'string' ? event.detail.contactId : undefined;
  if (!contactId) return [];
  const filed = (await Promise.all(triggerKeysFor(event).map((key) => deps.campaigns.triggeredBy(key)))).flat();
  // Whether each campaign is running is enrollContact's to decide, from the campaign itself.
  const triggered = campaignsTriggeredBy(
    event,
    filed.map((campaign) => ({ ...campaign, status: 'active' as const })),
  );
  const joined = await segmentCampaignsJoined(deps, contactId, filed);
  return Promise.all(
    [...triggered, ...joined].map(async (campaignId) => ({
      campaignId,
      outcome: await enrollContact(deps, campaignId, contactId),
    })),
  );
}

async function segmentCampaignsJoined(
  deps: EnrollmentDeps & { segments: SegmentRepository },
  contactId: string,
  filed: Pick<Campaign, 'id' | 'liveTrigger'>[],
): Promise<string[]> {
  const bySegment = filed.flatMap(({ id, liveTrigger }) =>
    liveTrigger?.type === 'segment' ? [{ campaignId: id, segmentId: liveTrigger.segmentId }] : [],
  );
  if (bySegment.length === 0) return [];
  const contact = await deps.contacts.get(contactId);
  if (!contact) return [];
  const segments = await Promise.all(
    [...new Set(bySegment.map(({ segmentId }) => segmentId))].map((segmentId) => deps.segments.get(segmentId)),
  );
  const scored = { ...contact, ...(contact.leadScore ? { score: contact.leadScore.total } : {}) };
  const memberOf = new Set(
    segments.flatMap((segment) => (segment && matchesSegment(scored, segment.filter) ? [segment.id] : [])),
  );
  return bySegment.filter(({ segmentId }) => memberOf.has(segmentId)).map(({ campaignId }) => campaignId);
}
