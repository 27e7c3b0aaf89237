import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { prepareContactChange } from '../contacts/contact.service.ts';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { TimerScheduler } from '../scheduling/timers.ts';
import type { EngagementRepository } from '../scoring/engagement.repository.ts';
import { redactEmailAddresses } from '../privacy/redaction.ts';
import type { CampaignDefinition } from './campaign-definition.schema.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import type { EnrollmentRepository } from './enrollment.repository.ts';
import { enrollmentId, type Enrollment } from './enrollment.schema.ts';
import { endedEnrollment } from './enrollment.rules.ts';
import { stepTimerName } from './enrollment.service.ts';
import { nextJourneyAction, progressAfter, stepAfter, type ContactFacts, type JourneyAction } from './journey.rules.ts';
import type { SuppressionRepository } from './suppression.repository.ts';
import { templateContextFor } from './template-context.ts';
import { renderEmail } from './templates.ts';
import type { SegmentRepository } from '../segments/segment.repository.ts';
import { matchesSegment } from '../segments/segment.rules.ts';
import { listUnsubscribeHeaders, unsubscribeToken } from './unsubscribe-link.ts';
import { messageKeyHeader, messageKeyTag, messageKeyToTag } from './ses-feedback.ts';
import { campaignMessageKey } from './message-key.rules.ts';

export interface CampaignStepDeps {
  campaigns: CampaignRepository;
  enrollments: EnrollmentRepository;
  contacts: ContactRepository;
  companies: CompanyRepository;
  owners: OwnerRepository;
  engagements: EngagementRepository;
  suppressions: SuppressionRepository;
  segments: SegmentRepository;
  activities: ActivityRepository;
  email: EmailSender;
  timers: TimerScheduler;
  context: AppContext;
  publicApiUrl: string;
  unsubscribeKey: string;
  /** The address SES receives replies on; unset, replies go to the sender and are not seen. */
  replyTo?: string;
}

/** What a campaign-step timer carries. */
export interface StepTimer {
  campaignId: string;
  contactId: string;
  run: number;
  /** When the step is due (ISO); the step never acts as of earlier. */
  dueAt: string;
}

export interface StepOutcome {
  /** True when another step can run at once (the workflow loops); false when the enrollment sleeps or ended. */
  continue: boolean;
  action?: JourneyAction['kind'] | 'held' | 'stale';
}

// The key of one campaign email: one per enrollment run and step, so a retried step never sends twice.
export { campaignMessageKey };

const dayMs = 24 * 3600 * 1000;
/** How often a step is re-run on fresh reads when the contact it changes was changed under it. */
const contactRaceAttempts = 3;

/**
 * Runs the enrollment's next step: re-reads the campaign, the contact's consent, suppression,
 * engagement and recent sends, asks the journey rules what to do, does it, and moves the enrollment
 * on with one version-checked write (which ends it, as completed, after its last step). A send is at
 * most once per enrollment run and step; a run that lost the race to another run of the same step
 * (a replayed timer, a duplicate execution) does nothing more and reports `stale`.
 */
export async function runCampaignStep(stepDeps: CampaignStepDeps, timer: StepTimer): Promise<StepOutcome> {
  // A timer may fire after its due time, never before; the step acts as of its due time at the
  // earliest, so a time-scaled local run (whose timers fire early) keeps the journey's own times.
  const dueAt = Date.parse(timer.dueAt);
  const deps = {
    ...stepDeps,
    context: { ...stepDeps.context, now: () => new Date(Math.max(stepDeps.context.now().getTime(), dueAt)) },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await runDueStep(deps, timer);
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      // The enrollment is the first item of every step's write: its version moved, so another run did this step.
      if (error.failedItems[0]) return { continue: false, action: 'stale' };
      if (attempt >= contactRaceAttempts) throw error;
    }
  }
}

async function runDueStep(deps: CampaignStepDeps, timer: StepTimer): Promise<StepOutcome> {
  const enrollment = await deps.enrollments.get(enrollmentId(timer.campaignId, timer.contactId));
  // An active enrollment with no step left is due to end (its last step was a wait, now over).
  if (!enrollment || enrollment.run !== timer.run || enrollment.status !== 'active')
    return { continue: false, action: 'stale' };
  const [campaign, version, contact] = await Promise.all([
    deps.campaigns.get(enrollment.campaignId),
    deps.campaigns.getVersion(enrollment.campaignId, enrollment.campaignVersion),
    deps.contacts.get(enrollment.contactId),
  ]);
  if (campaign?.status === 'paused') {
    await deps.enrollments.advance(enrollment, {
      ...enrollment,
      status: 'held',
      version: enrollment.version + 1,
      updatedAt: isoNow(deps.context),
    });
    return { continue: false, action: 'held' };
  }
  if (!campaign || !version || campaign.status === 'archived' || !contact)
    return end(deps, enrollment, campaign?.status === 'archived' ? 'campaign-archived' : 'completed');
  const definition = version.definition;
  const now = deps.context.now();
  const facts = await factsFor(deps, contact, enrollment, definition, now);
  const triggerSegment = definition.trigger.type === 'segment' ? definition.trigger.segmentId : undefined;
  const { action, trail } = nextJourneyAction(definition, enrollment, facts, now, triggerSegment);
  switch (action.kind) {
    case 'end':
      return end(deps, enrollment, action.reason, trail);
    case 'sleep': {
      // Sleeping out a wait, the enrollment is at the wait (atStepId) while stepId names what runs after it.
      const after: Enrollment = {
        ...enrollment,
        nextRunAt: action.until,
        ...(action.reason === 'wait' ? moveTo(stepAfter(definition, action.stepId)) : { stepId: action.stepId }),
        atStepId: action.stepId,
        version: enrollment.version + 1,
        updatedAt: isoNow(deps.context),
      };
      await deps.timers.scheduleOnce({
        name: stepTimerName(enrollment, action.until),
        target: 'campaign-step',
        at: action.until,
        payload: { ...timer, dueAt: action.until },
      });
      await deps.enrollments.advance(enrollment, after, [], [], trail);
      return { continue: false, action: 'sleep' };
    }
    case 'send':
      return {
        continue: await sendCampaignEmail(deps, enrollment, definition, contact, action, trail),
        action: 'send',
      };
    case 'update': {
      // The contact's change, its Contact Updated and the enrollment's move are one transaction.
      const change = prepareContactChange(
        deps,
        contact,
        {
          ...(action.set.lifecycleStage ? { lifecycleStage: action.set.lifecycleStage } : {}),
          ...(action.set.addTags ? { tags: [...new Set([...contact.tags, ...action.set.addTags])] } : {}),
          ...(action.set.customFields ? { customFields: action.set.customFields } : {}),
        },
        { principal: systemPrincipal },
      );
      const writes = change ? deps.contacts.updateItems(contact, change.after, [change.event]) : [];
      return {
        continue: await movePast(deps, enrollment, definition, action.stepId, trail, { writes }),
        action: 'update',
      };
    }
    case 'notify-owner': {
      const step = definition.steps.find((candidate) => candidate.id === action.stepId);
      const owner = contact.ownerId ? await deps.owners.get(contact.ownerId) : undefined;
      if (owner && step?.type === 'notify-owner') {
        const rendered = renderEmail(
          { subject: step.subject, text: step.text, html: step.text },
          templateContextFor(contact, owner, definition, ''),
        );
        await deps.email.sendOnce(`${campaignMessageKey(enrollment, step.id)}:owner`, {
          to: owner.email,
          subject: rendered.subject,
          text: rendered.text,
          html: `<pre>${rendered.html}</pre>`,
        });
      }
      return { continue: await movePast(deps, enrollment, definition, action.stepId, trail), action: 'notify-owner' };
    }
  }
}

const moveTo = (stepId: string | undefined) => (stepId ? { stepId } : { stepId: undefined });

/**
 * Moves the enrollment past `stepId` in one version-checked transaction with what the step wrote
 * (the send record, the contact's change, their events) and the move's step counters (`trail`: the
 * steps this run went through, ending with `stepId`). When no step follows, the same write ends the
 * enrollment as completed and publishes Campaign Enrollment Ended. True when a next step is due.
 */
async function movePast(
  deps: CampaignStepDeps,
  enrollment: Enrollment,
  definition: CampaignDefinition,
  stepId: string,
  trail: readonly string[],
  done: { sent?: Enrollment['sent'][number]; writes?: TransactItem[]; events?: DomainEvent[] } = {},
): Promise<boolean> {
  const at = isoNow(deps.context);
  const moved: Enrollment = {
    ...enrollment,
    ...(done.sent ? { sent: [...enrollment.sent, done.sent] } : {}),
    version: enrollment.version + 1,
    updatedAt: at,
  };
  const progress = progressAfter(definition, stepId);
  const { writes = [], events = [] } = done;
  if (progress.kind === 'next') {
    const after = { ...moved, stepId: progress.stepId, atStepId: progress.stepId };
    await deps.enrollments.advance(enrollment, after, writes, events, trail);
    return true;
  }
  const ending = endedEnrollment(moved, progress.reason, at);
  await deps.enrollments.advance(enrollment, ending.after, writes, [...events, ending.event], trail);
  return false;
}

async function factsFor(
  deps: CampaignStepDeps,
  contact: Contact,
  enrollment: Enrollment,
  definition: CampaignDefinition,
  now: Date,
): Promise<ContactFacts> {
  const since = new Date(now.getTime() - definition.frequencyCap.perDays * dayMs).toISOString();
  const [suppression, engagements, recentEmailTimes, segments] = await Promise.all([
    deps.suppressions.reasonFor(contact.emailNormalised),
    deps.engagements.recent(contact.id),
    deps.enrollments.marketingSendTimes(contact.id, since),
    Promise.all(segmentsNamedBy(definition).map((segmentId) => deps.segments.get(segmentId))),
  ]);
  const scored = { ...contact, ...(contact.leadScore ? { score: contact.leadScore.total } : {}) };
  const engaged = (kind: string, stepId: string) =>
    engagements.some(
      (engagement) => engagement.kind === kind && engagement.sourceId === campaignMessageKey(enrollment, stepId),
    );
  return {
    contactId: contact.id,
    ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
    lifecycleStage: contact.lifecycleStage,
    tags: contact.tags,
    ...(contact.jobTitle ? { jobTitle: contact.jobTitle } : {}),
    ...(contact.country ? { country: contact.country } : {}),
    customFields: contact.customFields,
    ...(contact.leadScore ? { score: contact.leadScore.total } : {}),
    consent: contact.consent.status,
    ...(suppression ? { suppression } : {}),
    // Membership is the segment's filter applied to the contact as it is now (a deleted segment holds no one).
    inSegment: (segmentId) => {
      const segment = segments.find((candidate) => candidate?.id === segmentId);
      return segment !== undefined && matchesSegment(scored, segment.filter);
    },
    opened: (stepId) => engaged('email_opened', stepId) || engaged('email_clicked', stepId),
    clicked: (stepId) => engaged('email_clicked', stepId),
    // Any reply since this run began: people answer the newest email, or none in particular.
    replied: engagements.some(
      (engagement) => engagement.kind === 'email_replied' && engagement.occurredAt >= enrollment.enrolledAt,
    ),
    recentEmailTimes,
  };
}

/** Every segment a journey's trigger, conditions and goal name. */
function segmentsNamedBy(definition: CampaignDefinition): string[] {
  const conditions = [
    ...definition.steps.flatMap((step) => (step.type === 'branch' || step.type === 'goal' ? [step.condition] : [])),
    ...(definition.goal ? [definition.goal] : []),
  ];
  const ids = conditions.flatMap((condition) => (condition.kind === 'in-segment' ? [condition.segmentId] : []));
  if (definition.trigger.type === 'segment') ids.push(definition.trigger.segmentId);
  return [...new Set(ids)];
}

async function sendCampaignEmail(
  deps: CampaignStepDeps,
  enrollment: Enrollment,
  definition: CampaignDefinition,
  contact: Contact,
  action: Extract<JourneyAction, { kind: 'send' }>,
  trail: readonly string[],
): Promise<boolean> {
  const step = definition.steps.find((candidate) => candidate.id === action.stepId);
  if (step?.type !== 'email') throw new Error(`Step ${action.stepId} is not an email step`);
  const content = step.content ?? step.variants?.find((variant) => variant.id === action.variantId);
  if (!content) throw new Error(`Step ${step.id} has no content for variant ${action.variantId ?? '(none)'}`);
  const unsubscribeUrl = `${deps.publicApiUrl.replace(/\/$/, '')}/unsubscribe?token=${unsubscribeToken(contact.id, enrollment.campaignId, deps.unsubscribeKey)}`;
  const owner = contact.ownerId ? await deps.owners.get(contact.ownerId) : undefined;
  const rendered = renderEmail(content, templateContextFor(contact, owner, definition, unsubscribeUrl));
  const messageKey = campaignMessageKey(enrollment, step.id);
  await deps.email.sendOnce(messageKey, {
    to: contact.email,
    ...rendered,
    headers: [...listUnsubscribeHeaders(unsubscribeUrl), { name: messageKeyHeader, value: messageKey }],
    tags: [{ name: messageKeyTag, value: messageKeyToTag(messageKey) }],
    ...(deps.replyTo ? { replyTo: deps.replyTo } : {}),
  });
  const at = isoNow(deps.context);
  const event = domainEvent(
    'Email Sent',
    {
      contactId: contact.id,
      campaignId: enrollment.campaignId,
      stepId: step.id,
      ...(action.variantId ? { variantId: action.variantId } : {}),
      messageKey,
    },
    { id: `sent-${messageKey}`, occurredAt: at },
  );
  // The email goes on the contact's timeline (with no owner: a campaign email is not a rep's touch).
  const activity = newActivity(
    {
      type: 'email',
      subject: rendered.subject,
      contactId: contact.id,
      direction: 'outbound',
      details: { campaignId: enrollment.campaignId, stepId: step.id, messageKey },
    },
    systemPrincipal,
    deps.context,
  );
  return movePast(deps, enrollment, definition, step.id, trail, {
    sent: { stepId: step.id, ...(action.variantId ? { variantId: action.variantId } : {}), at },
    writes: [deps.enrollments.marketingSendItem(contact.id, at, messageKey), deps.activities.createItem(activity)],
    events: [event],
  });
}

/** Ends the enrollment; its counters count the end at the last step of `trail` (a goal met), else where it was. */
async function end(
  deps: CampaignStepDeps,
  enrollment: Enrollment,
  reason: NonNullable<Enrollment['endReason']>,
  trail: readonly string[] = [],
): Promise<StepOutcome> {
  const at = isoNow(deps.context);
  const { after, event } = endedEnrollment({ ...enrollment, version: enrollment.version + 1 }, reason, at);
  await deps.enrollments.advance(enrollment, after, [], [event], trail);
  return { continue: false, action: 'end' };
}

/**
 * A step that kept failing after its retries: published (Campaign Step Failed) so it is seen; the
 * enrollment stays where it was. The event is named by the step's timer and its outbox put is
 * conditional on a new id, so a retry after a crash that followed the write publishes nothing more.
 */
export async function recordCampaignStepFailure(
  deps: Pick<CampaignStepDeps, 'contacts' | 'context'>,
  failure: { campaignId: string; contactId: string; run: number; dueAt: string; error: string },
): Promise<{ recorded: true }> {
  const { campaignId, contactId, run, dueAt, error } = failure;
  const id = `step-failed-${campaignId}-${contactId}-${run}-${Date.parse(dueAt)}`;
  const event = domainEvent(
    'Campaign Step Failed',
    { campaignId, contactId, error: redactEmailAddresses(error) },
    { id, occurredAt: isoNow(deps.context) },
  );
  await deps.contacts.write([deps.contacts.outboxItem(event)]);
  return { recorded: true };
}
