import type { ConsentStatus } from '../contacts/contact.schema.ts';
import type { CampaignDefinition } from './campaign-definition.schema.ts';
import { nextJourneyAction, stepAfter, type ContactFacts, type Enrollment } from './journey.rules.ts';
import { renderEmail, sampleTemplateContext } from './templates.ts';

/** A contact as the simulation sees it, with how it will behave (what it opens, when it converts...). */
export interface SimulatedContact {
  id: string;
  email: string;
  firstName?: string;
  companyName?: string;
  timeZone?: string;
  lifecycleStage?: string;
  tags?: string[];
  jobTitle?: string;
  country?: string;
  customFields?: Record<string, unknown>;
  score?: number;
  consent?: ConsentStatus;
  segments?: string[];
  behaviour?: {
    opens?: string[];
    clicks?: string[];
    unsubscribeAfterDays?: number;
    convertAfterDays?: number;
    replyAfterDays?: number;
  };
}

export interface SimulationEntry {
  at: string;
  contact: string;
  what: 'email' | 'update' | 'notify-owner' | 'deferred' | 'ended';
  stepId?: string;
  variantId?: string;
  subject?: string;
  reason?: string;
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
  const entries = contacts.flatMap((contact) =>
    simulateOne(definition, contact, start, new Date(start.getTime() + horizonDays * dayMs)),
  );
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.contact.localeCompare(b.contact));
}

function simulateOne(
  definition: CampaignDefinition,
  contact: SimulatedContact,
  start: Date,
  horizon: Date,
): SimulationEntry[] {
  const entries: SimulationEntry[] = [];
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
    const { action } = nextJourneyAction(definition, enrollment, facts, now);
    const base = { at: now.toISOString(), contact: contact.email };
    if (action.kind === 'end') {
      entries.push({ ...base, what: 'ended', reason: action.reason });
      break;
    }
    if (action.kind === 'sleep') {
      if (action.reason !== 'wait')
        entries.push({
          ...base,
          what: 'deferred',
          stepId: action.stepId,
          reason: `${action.reason} until ${action.until}`,
        });
      now = new Date(action.until);
      if (action.reason === 'wait') enrollment.stepId = stepAfter(definition, action.stepId);
      continue;
    }
    if (action.kind === 'send') {
      entries.push({
        ...base,
        what: 'email',
        stepId: action.stepId,
        ...(action.variantId ? { variantId: action.variantId } : {}),
        subject: subjectOf(definition, action.stepId, action.variantId, contact),
      });
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
    } else {
      entries.push({ ...base, what: 'notify-owner', stepId: action.stepId });
    }
    enrollment.stepId = stepAfter(definition, action.stepId);
    if (enrollment.stepId === undefined) {
      entries.push({ ...base, what: 'ended', reason: 'completed' });
      break;
    }
  }
  return entries;
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
