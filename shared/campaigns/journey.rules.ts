import { createHash } from 'node:crypto';
import type { ConsentStatus } from '../contacts/contact.schema.ts';
import type { CampaignDefinition, CampaignStep, ContactCondition } from './campaign-definition.schema.ts';
import { successorsOf } from './campaign-definition.rules.ts';
import { nextLocalTime, withinSendWindow } from './local-time.ts';
import { ownValue } from '../common/own-keys.ts';

/** Where one contact is in one published version of a journey. */
export interface Enrollment {
  contactId: string;
  /** The step to run next; undefined once the enrollment has ended. */
  stepId?: string;
  /** Emails this enrollment sent, by step: what opened/clicked conditions read. */
  sent: { stepId: string; variantId?: string; at: string }[];
}

/** What is known about the contact when a step runs: re-read before every step, never cached. */
export interface ContactFacts {
  contactId: string;
  timeZone?: string;
  lifecycleStage: string;
  tags: readonly string[];
  jobTitle?: string;
  country?: string;
  customFields: Readonly<Record<string, unknown>>;
  score?: number;
  consent: ConsentStatus;
  /** Unsubscribed, bounced or complained (SES feedback, the unsubscribe link), or erased (the address of an erased person). */
  suppression?: 'unsubscribed' | 'bounced' | 'complained' | 'erased';
  inSegment: (segmentId: string) => boolean;
  opened: (stepId: string) => boolean;
  clicked: (stepId: string) => boolean;
  replied?: boolean;
  /** When marketing emails were sent to this contact recently, across all campaigns (for the frequency cap). */
  recentEmailTimes: readonly string[];
}

export type JourneyEnd =
  | 'completed'
  | 'converted'
  | 'unsubscribed'
  | 'bounced'
  | 'complained'
  | 'erased'
  | 'replied'
  | 'left-segment'
  | 'no-consent';

export type JourneyAction =
  | { kind: 'send'; stepId: string; variantId?: string; at: string }
  | { kind: 'update'; stepId: string; set: Extract<CampaignStep, { type: 'update' }>['set'] }
  | { kind: 'notify-owner'; stepId: string }
  | { kind: 'sleep'; until: string; reason: 'wait' | 'send-window' | 'frequency-cap'; stepId: string }
  | { kind: 'end'; reason: JourneyEnd };

/** A branch or goal decided on the way to the next action: which arm was taken, or whether the goal was met. */
export interface JourneyDecision {
  stepId: string;
  outcome: 'then' | 'else' | 'met' | 'not-met';
}

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/**
 * The next thing an enrollment must do at `now`: exits are checked first (suppression, consent,
 * goals, segment, reply), branches and goals are decided on the spot, and the first step that needs
 * the outside world (an email, an update, a notice) or time (a wait, the send window, the frequency
 * cap) is returned, with the branches and goals decided on the way (what a simulation shows). Pure: the
 * executor performs the action and calls again with `afterAction`.
 * `trail` is every step the walk went through, in order, from the enrollment's step to the action's
 * (or to the goal that converted it); empty when an exit ended it before any step.
 */
export function nextJourneyAction(
  definition: CampaignDefinition,
  enrollment: Enrollment,
  facts: ContactFacts,
  now: Date,
  triggerSegmentId?: string,
): { action: JourneyAction; stepId?: string; trail: string[]; decided: JourneyDecision[] } {
  const exit = exitReason(definition, facts, triggerSegmentId);
  if (exit) return { action: { kind: 'end', reason: exit }, trail: [], decided: [] };
  const trail: string[] = [];
  const decided: JourneyDecision[] = [];
  let stepId = enrollment.stepId;
  for (let hops = 0; stepId !== undefined && hops <= definition.steps.length; hops++) {
    const index = definition.steps.findIndex((step) => step.id === stepId);
    const step = definition.steps[index];
    if (!step) return { action: { kind: 'end', reason: 'completed' }, trail, decided };
    trail.push(step.id);
    switch (step.type) {
      case 'branch': {
        const taken = holds(step.condition, facts) ? 'then' : 'else';
        decided.push({ stepId: step.id, outcome: taken });
        stepId = step[taken];
        continue;
      }
      case 'goal':
        if (holds(step.condition, facts)) {
          decided.push({ stepId: step.id, outcome: 'met' });
          return { action: { kind: 'end', reason: 'converted' }, stepId: step.id, trail, decided };
        }
        decided.push({ stepId: step.id, outcome: 'not-met' });
        stepId = successorsOf(definition.steps, index)[0];
        continue;
      case 'wait':
        return {
          action: {
            kind: 'sleep',
            until: waitEnd(step, facts, definition, now).toISOString(),
            reason: 'wait',
            stepId: step.id,
          },
          stepId: step.id,
          trail,
          decided,
        };
      case 'update':
        return { action: { kind: 'update', stepId: step.id, set: step.set }, stepId: step.id, trail, decided };
      case 'notify-owner':
        return { action: { kind: 'notify-owner', stepId: step.id }, stepId: step.id, trail, decided };
      case 'email':
        return { action: sendOrSleep(definition, step, facts, now), stepId: step.id, trail, decided };
    }
  }
  return { action: { kind: 'end', reason: 'completed' }, trail, decided };
}

/** The step after `stepId` once its action is done (a wait is done when its time has come). */
export function stepAfter(definition: CampaignDefinition, stepId: string): string | undefined {
  const index = definition.steps.findIndex((step) => step.id === stepId);
  return successorsOf(definition.steps, index)[0];
}

/** Where an enrollment goes once the action of step `stepId` (an email, an update, a notice) is done. */
export type StepProgress = { kind: 'next'; stepId: string } | { kind: 'end'; reason: 'completed' };

/**
 * The step after `stepId`, or, when none follows (the last step, or `next: null`), the journey's end:
 * the executor ends the enrollment as completed in the same write that records the step's action.
 */
export function progressAfter(definition: CampaignDefinition, stepId: string): StepProgress {
  const next = stepAfter(definition, stepId);
  return next === undefined ? { kind: 'end', reason: 'completed' } : { kind: 'next', stepId: next };
}

function exitReason(
  definition: CampaignDefinition,
  facts: ContactFacts,
  triggerSegmentId?: string,
): JourneyEnd | undefined {
  if (facts.suppression) return facts.suppression;
  if (facts.consent === 'withdrawn') return 'unsubscribed';
  if (facts.consent !== 'granted') return 'no-consent';
  if (definition.exitWhen.includes('goal-met') && definition.goal && holds(definition.goal, facts)) return 'converted';
  if (definition.exitWhen.includes('replied') && facts.replied) return 'replied';
  if (definition.exitWhen.includes('left-segment') && triggerSegmentId && !facts.inSegment(triggerSegmentId))
    return 'left-segment';
  return undefined;
}

/** Whether a branch, goal or exit condition holds for the contact now. */
export function holds(condition: ContactCondition, facts: ContactFacts): boolean {
  switch (condition.kind) {
    case 'opened':
      return facts.opened(condition.stepId);
    case 'clicked':
      return facts.clicked(condition.stepId);
    case 'in-segment':
      return facts.inSegment(condition.segmentId);
    case 'score':
      return (
        facts.score !== undefined &&
        (condition.min === undefined || facts.score >= condition.min) &&
        (condition.max === undefined || facts.score <= condition.max)
      );
    case 'field': {
      const value = fieldValue(condition.field, facts);
      const wanted = condition.value;
      const values = Array.isArray(value)
        ? value.map(String)
        : value === undefined || value === null
          ? []
          : [String(value)];
      const same = (candidate: string) => values.some((v) => v.toLowerCase() === candidate.toLowerCase());
      switch (condition.operator) {
        case 'equals':
          return same(String(wanted));
        case 'not-equals':
          return !same(String(wanted));
        case 'contains':
          return values.some((v) => v.toLowerCase().includes(String(wanted).toLowerCase()));
        case 'in':
          return (Array.isArray(wanted) ? wanted : [String(wanted)]).some((candidate) => same(candidate));
      }
    }
  }
}

function fieldValue(field: string, facts: ContactFacts): unknown {
  if (field.startsWith('custom.')) return ownValue(facts.customFields, field.slice('custom.'.length));
  return ownValue<unknown>(
    {
      jobTitle: facts.jobTitle,
      country: facts.country,
      lifecycleStage: facts.lifecycleStage,
      tags: facts.tags,
    },
    field,
  );
}

function waitEnd(
  step: Extract<CampaignStep, { type: 'wait' }>,
  facts: ContactFacts,
  definition: CampaignDefinition,
  now: Date,
): Date {
  if (step.duration) {
    const { days, hours, minutes } = step.duration;
    return new Date(now.getTime() + ((days * 24 + hours) * 60 + minutes) * minuteMs);
  }
  const until = step.until as NonNullable<typeof step.until>;
  return nextLocalTime(
    new Date(now.getTime() + minuteMs),
    timeZoneOf(facts, definition),
    until.minute,
    (weekday, hour) => until.weekdays.includes(weekday) && hour === until.hour,
  );
}

const timeZoneOf = (facts: ContactFacts, definition: CampaignDefinition) =>
  facts.timeZone ?? definition.sendWindow.timeZone;

function sendOrSleep(
  definition: CampaignDefinition,
  step: Extract<CampaignStep, { type: 'email' }>,
  facts: ContactFacts,
  now: Date,
): JourneyAction {
  const { maxEmails, perDays } = definition.frequencyCap;
  const windowStart = now.getTime() - perDays * dayMs;
  const recent = facts.recentEmailTimes
    .map((at) => Date.parse(at))
    .filter((at) => at > windowStart)
    .sort((a, b) => a - b);
  if (recent.length >= maxEmails) {
    // The cap frees a slot when the oldest send that counts leaves the window.
    const freed = (recent[recent.length - maxEmails] as number) + perDays * dayMs;
    return { kind: 'sleep', until: new Date(freed).toISOString(), reason: 'frequency-cap', stepId: step.id };
  }
  const opens = withinSendWindow(now, definition.sendWindow, timeZoneOf(facts, definition));
  if (opens.getTime() > now.getTime())
    return { kind: 'sleep', until: opens.toISOString(), reason: 'send-window', stepId: step.id };
  const variantId = step.variants ? variantFor(facts.contactId, step.id, step.variants) : undefined;
  return { kind: 'send', stepId: step.id, ...(variantId ? { variantId } : {}), at: now.toISOString() };
}

/** A/B assignment: stable per contact and step (a retry or a re-read picks the same variant), split by percentage. */
export function variantFor(
  contactId: string,
  stepId: string,
  variants: readonly { id: string; split: number }[],
): string {
  // Read through a DataView, not Buffer's readUInt32BE, so the console's simulation runs this in a browser.
  const digest = createHash('sha256').update(`${contactId}:${stepId}`).digest();
  const bucket = new DataView(digest.buffer, digest.byteOffset, digest.byteLength).getUint32(0) % 100;
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.split;
    if (bucket < cumulative) return variant.id;
  }
  return (variants[variants.length - 1] as { id: string }).id;
}
