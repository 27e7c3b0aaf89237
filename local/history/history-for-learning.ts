import type { ConversionContact } from '#shared/conversion/conversion-features.rules.ts';
import { scoreLead, type Engagement } from '#shared/scoring/scoring-engine.ts';
import type { ScoringModel } from '#shared/scoring/scoring-model.schema.ts';
import { demoScoringModel } from '../demo-lead-settings.ts';
import type { DealStageHistory, PipelineStages } from '#shared/forecasts/stage-probabilities.rules.ts';
import type { GeneratedHistory } from './generate-history.ts';

/** The generated history in the estimators' shapes, each pipeline's id being its generator key (for tests and the bench). */
export function historyForLearning(history: GeneratedHistory): {
  pipelines: PipelineStages[];
  deals: DealStageHistory[];
} {
  return {
    pipelines: history.pipelines.map((pipeline) => ({
      id: pipeline.key,
      stages: pipeline.request.stages.map((stage) => ({ ...stage, kind: stage.kind })),
    })),
    deals: history.deals.map((deal) => ({
      dealId: deal.key,
      pipelineId: deal.pipelineKey,
      amount: deal.amount,
      currency: deal.currency,
      changes: deal.moves.map(({ toStageId, at }) => ({ toStageId, at })),
    })),
  };
}

/**
 * The generated contacts as the likelihood-to-convert model reads them: fit as a linked company's industry and size
 * (the fields the rules score reads too), each engagement, and when each deal was won. Page visits get the name the
 * demo scoring model's "Viewed pricing" rule matches, so today's rules score sees every signal it could use.
 */
export function contactsForConversion(history: GeneratedHistory): ConversionContact[] {
  const engagementsOf = new Map<string, ConversionContact['engagements'][number][]>();
  for (const engagement of history.engagements) {
    const list = engagementsOf.get(engagement.contactKey) ?? [];
    list.push({ kind: engagement.kind, occurredAt: engagement.at });
    engagementsOf.set(engagement.contactKey, list);
  }
  const wonAt = new Map<string, string[]>();
  for (const deal of history.deals) {
    if (deal.status !== 'won') continue;
    wonAt.set(deal.contactKey, [...(wonAt.get(deal.contactKey) ?? []), deal.moves[deal.moves.length - 1]!.at]);
  }
  return history.contacts.map((contact) => ({
    contactId: contact.key,
    createdAt: contact.createdAt,
    subject: {
      contact: { email: contact.email, country: contact.country, lifecycleStage: 'lead', tags: [], customFields: {} },
      company: { industry: contact.industry, size: contact.companySize },
    },
    engagements: engagementsOf.get(contact.key) ?? [],
    dealsWonAt: wonAt.get(contact.key) ?? [],
  }));
}

/** A contact's engagements in the shape the rules score reads, as of an instant (later ones are not yet known). */
export function engagementsForRules(contact: ConversionContact, asOf: string): Engagement[] {
  return contact.engagements
    .filter((engagement) => Date.parse(engagement.occurredAt) < Date.parse(asOf))
    .map((engagement, index) => ({
      id: `${contact.contactId}-${index}`,
      kind: engagement.kind,
      occurredAt: engagement.occurredAt,
      ...(engagement.kind === 'page_viewed' ? { name: 'pricing' } : {}),
    }));
}

const demoModel: ScoringModel = {
  ...demoScoringModel,
  id: 'current',
  version: 1,
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-01-01T00:00:00.000Z',
};

/** Today's rules score of a generated contact as of an instant: the demo scoring model's total, decay and all. */
export function demoRulesScore(contact: ConversionContact, asOf: string): number {
  return scoreLead(contact.subject, engagementsForRules(contact, asOf), demoModel, new Date(asOf)).total;
}
