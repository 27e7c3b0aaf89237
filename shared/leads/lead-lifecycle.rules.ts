import { lifecycleStages, type LifecycleStage } from '../contacts/contact.schema.ts';
import type { EventDetail } from '../events/catalog.ts';
import type { LeadScore } from '../scoring/scoring-model.schema.ts';
import type { ScoringCause } from '../scoring/scoring.service.ts';

const rank = (stage: LifecycleStage) => lifecycleStages.indexOf(stage);
/** Stages scoring may move a contact out of; later stages (opportunity, customer, ...) belong to sales. */
const scoredStages: readonly LifecycleStage[] = ['subscriber', 'lead', 'mql'];

/** The contact's stage after a score: moved forward to the score's stage, never back, never out of sales' stages. */
export function promotedStage(current: LifecycleStage, score: Pick<LeadScore, 'stage'>): LifecycleStage {
  if (!scoredStages.includes(current)) return current;
  return rank(score.stage) > rank(current) ? score.stage : current;
}

export const isQualified = (stage: LifecycleStage) => stage === 'mql' || stage === 'sql';

export type LeadNextStep = 'route' | 'nurture' | 'done';

/**
 * What the lifecycle does after scoring: a qualified lead nobody owns is routed; a lead below MQL
 * that came with a nurture campaign is enrolled in it; anything else is done.
 */
export function nextStepAfterScoring(lead: {
  stage: LifecycleStage;
  ownerId?: string;
  nurtureCampaignId?: string;
}): LeadNextStep {
  if (isQualified(lead.stage)) return lead.ownerId ? 'done' : 'route';
  return lead.nurtureCampaignId && rank(lead.stage) < rank('mql') ? 'nurture' : 'done';
}

/** When the owner's first touch is due. */
export const slaDueAt = (assignedAt: string, slaSeconds: number) =>
  new Date(Date.parse(assignedAt) + slaSeconds * 1000).toISOString();

/** Events the lifecycle emits get ids derived from their cause, so a retried step re-emits the same event (consumers dedupe on id). */
export const derivedEventId = (causationId: string, what: string) => `${causationId}.${what}`;

/** The lifecycle's trigger events, as the workflow hands them to scoring. */
export type LifecycleTrigger =
  | { detailType: 'Lead Received'; detail: EventDetail<'Lead Received'> }
  | { detailType: 'Engagement Tracked'; detail: EventDetail<'Engagement Tracked'> };

/** Why a trigger rescores: a lead is itself an engagement (form submitted); a tracked engagement is already stored. */
export function scoringCauseOf(trigger: LifecycleTrigger): ScoringCause {
  if (trigger.detailType === 'Engagement Tracked') return { eventId: trigger.detail.id };
  const lead = trigger.detail;
  return {
    eventId: lead.id,
    engagement: { id: lead.submissionId, kind: 'form_submitted', occurredAt: lead.occurredAt, sourceId: lead.sourceId },
    ...(lead.campaignId ? { nurtureCampaignId: lead.campaignId } : {}),
  };
}
