import type * as z from 'zod';
import type { CampaignDefinition } from './campaign-definition.schema.ts';
import { nextJourneyAction, stepAfter, type ContactFacts, type Enrollment } from './journey.rules.ts';
import type { SimulatedContact } from './simulated-contact.schema.ts';
import { renderEmail, sampleTemplateContext } from './templates.ts';

/** A contact as the simulation sees it, with how it will behave (what it opens, when it converts...). */
export type SimulatedContact = z.infer<typeof SimulatedContact>;

export interface SimulationEntry {
  at: string;
  contact: string;
  what: 'email' | 'update' | 'notify-owner' | 'deferred' | 'ended';
  stepId?: string;
  variantId?: string;
  subject?: string;
  reason?: string;
}

/**
 * One step a contact reached in the simulation and what happened there: every step, waits, branches and
 * goals included (the entries above list only what reaches the outside world). `ended` is filed under the
 * step the contact was at when it left (the goal that converted it, or the step it would have run next).
 */
export interface StepPassage {
  at: string;
  contact: string;
  stepId: string;
  what: 'email' | 'wait' | 'branch' | 'goal' | 'update' | 'notify-owner' | 'deferred' | 'ended';
  variantId?: string;
  subject?: string;
  /** A wait's or a deferral's end. */
  until?: string;
  /** The arm a branch took, or whether a goal was met. */
  outcome?: 'then' | 'else' | 'met' | 'not-met';
  /** Why a send was deferred (send-window, frequency-cap) or why the contact left. */
  reason?: string;
}

export interface JourneySimulation {
  entries: SimulationEntry[];
  passages: StepPassage[];
}

const dayMs = 24 * 3600 * 1000;

/**
 * Runs the journey for each contact on a virtual clock from `start`, with the same rules the real
 * executor uses, and returns who would get which email when. Nothing is sent or written.
 */
export function simulateJourney(
  definition: CampaignDefinition,
  contacts: readonly SimulatedContact[],
  start: Date,
  horizonDays = 180,
): SimulationEntry[] {
  return simulateJourneyByStep(definition, contacts, start, horizonDays).entries;
}

/** The same simulation, with every step each contact passed through (what the console's canvas draws). */
export function simulateJourneyByStep(
  definition: CampaignDefinition,
  contacts: readonly SimulatedContact[],
  start: Date,
  horizonDays = 180,
): JourneySimulation {
  const entries: SimulationEntry[] = [];
  const passages: StepPassage[] = [];
  const horizon = new Date(start.getTime() + horizonDays * dayMs);
  for (const contact of contacts) simulateOne(definition, contact, start, horizon, entries, passages);
  const byTimeThenContact = (a: { at: string; contact: string }, b: { at: string; contact: string }) =>
    a.at.localeCompare(b.at) || a.contact.localeCompare(b.contact);
  // Stable sorts: one contact's passages at the same instant keep their order along the journey.
  return { entries: entries.sort(byTimeThenContact), passages: passages.sort(byTimeThenContact) };
}

function simulateOne(
  definition: CampaignDefinition,
  contact: SimulatedContact,
  start: Date,
  horizon: Date,
  entries: SimulationEntry[],
  passages: StepPassage[],
): void {
  const enrollment: Enrollment = { contactId: contact.id, stepId: definition.steps[0]?.id, sent: [] };
  const state = {
    lifecycleStage: contact.lifecycleStage ?? 'lead',
    tags: [...(contact.tags ?? [])],
    customFields: { ...(contact.customFields ?? {}) },
  };
  const recentEmailTimes: string[] = [];
  const after = (days: number | undefined, now: Date) =>
    days !== undefined && now.getTime() >= start.getTime() + days * dayMs;
  let now = start;
  for (let guard = 0; guard < 1000 && now <= horizon; guard++) {
    const behaviour = contact.behaviour ?? {};
    const wasSent = (stepId: string) => enrollment.sent.some((send) => send.stepId === stepId);
    const facts: ContactFacts = {
      contactId: contact.id,
      ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
      lifecycleStage: after(behaviour.convertAfterDays, now) ? 'customer' : state.lifecycleStage,
      tags: state.tags,
      ...(contact.jobTitle ? { jobTitle: contact.jobTitle } : {}),
      ...(contact.country ? { country: contact.country } : {}),
      customFields: state.customFields,
      ...(contact.score !== undefined ? { score: contact.score } : {}),
      consent: contact.consent ?? 'granted',
      ...(after(behaviour.unsubscribeAfterDays, now) ? { suppression: 'unsubscribed' as const } : {}),
      inSegment: (segmentId) => (contact.segments ?? []).includes(segmentId),
      opened: (stepId) => wasSent(stepId) && (behaviour.opens ?? []).includes(stepId),
      clicked: (stepId) => wasSent(stepId) && (behaviour.clicks ?? []).includes(stepId),
      replied: after(behaviour.replyAfterDays, now),
      recentEmailTimes,
    };
    const { action, stepId: actionStepId, decided } = nextJourneyAction(definition, enrollment, facts, now);
    const base = { at: now.toISOString(), contact: contact.email };
    for (const decision of decided)
      passages.push({
        ...base,
        stepId: decision.stepId,
        what: decision.outcome === 'then' || decision.outcome === 'else' ? 'branch' : 'goal',
        outcome: decision.outcome,
      });
    if (action.kind === 'end') {
      entries.push({ ...base, what: 'ended', reason: action.reason });
      const at = actionStepId ?? enrollment.stepId;
      if (at) passages.push({ ...base, stepId: at, what: 'ended', reason: action.reason });
      break;
    }
    if (action.kind === 'sleep') {
      if (action.reason !== 'wait') {
        entries.push({
          ...base,
          what: 'deferred',
          stepId: action.stepId,
          reason: `${action.reason} until ${action.until}`,
        });
        passages.push({ ...base, stepId: action.stepId, what: 'deferred', reason: action.reason, until: action.until });
      } else passages.push({ ...base, stepId: action.stepId, what: 'wait', until: action.until });
      now = new Date(action.until);
      if (action.reason === 'wait') enrollment.stepId = stepAfter(definition, action.stepId);
      continue;
    }
    if (action.kind === 'send') {
      const subject = subjectOf(definition, action.stepId, action.variantId, contact);
      const variant = action.variantId ? { variantId: action.variantId } : {};
      entries.push({ ...base, what: 'email', stepId: action.stepId, ...variant, subject });
      passages.push({ ...base, what: 'email', stepId: action.stepId, ...variant, subject });
      enrollment.sent.push({
        stepId: action.stepId,
        ...(action.variantId ? { variantId: action.variantId } : {}),
        at: action.at,
      });
      recentEmailTimes.push(action.at);
    } else if (action.kind === 'update') {
      if (action.set.lifecycleStage) state.lifecycleStage = action.set.lifecycleStage;
      state.tags.push(...(action.set.addTags ?? []));
      state.customFields = { ...state.customFields, ...action.set.customFields };
      entries.push({ ...base, what: 'update', stepId: action.stepId });
      passages.push({ ...base, what: 'update', stepId: action.stepId });
    } else {
      entries.push({ ...base, what: 'notify-owner', stepId: action.stepId });
      passages.push({ ...base, what: 'notify-owner', stepId: action.stepId });
    }
    enrollment.stepId = stepAfter(definition, action.stepId);
    if (enrollment.stepId === undefined) {
      entries.push({ ...base, what: 'ended', reason: 'completed' });
      passages.push({ ...base, stepId: action.stepId, what: 'ended', reason: 'completed' });
      break;
    }
  }
}

function subjectOf(
  definition: CampaignDefinition,
  stepId: string,
  variantId: string | undefined,
  contact: SimulatedContact,
): string {
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (step?.type !== 'email') return '';
  const content = step.content ?? step.variants?.find((variant) => variant.id === variantId);
  if (!content) return '';
  const context = {
    ...sampleTemplateContext,
    contact: {
      firstName: contact.firstName ?? null,
      lastName: null,
      email: contact.email,
      jobTitle: contact.jobTitle ?? null,
      companyName: contact.companyName ?? null,
      country: contact.country ?? null,
      customFields: contact.customFields ?? {},
    },
    campaign: { name: definition.name },
  };
  return renderEmail(content, context).subject;
}
