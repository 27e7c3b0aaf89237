import type { CompanyRepository } from '../companies/company.repository.ts';
import type { Company } from '../companies/company.schema.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact, LifecycleStage } from '../contacts/contact.schema.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { NotFound } from '../errors.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import {
  derivedEventId,
  isQualified,
  nextStepAfterScoring,
  promotedStage,
  type LeadNextStep,
} from '../leads/lead-lifecycle.rules.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { EngagementRepository, StoredEngagement } from './engagement.repository.ts';
import { scoreLead, type ScoringSubject } from './scoring-engine.ts';
import type { LeadScore, ScoringModel } from './scoring-model.schema.ts';

export interface ScoringDeps {
  contacts: ContactRepository;
  companies: CompanyRepository;
  engagements: EngagementRepository;
  scoringModel: SettingsRepository<ScoringModel>;
  context: AppContext;
}

/** Why a contact is being (re)scored: the event, and the engagement it brings when it is new. */
export interface ScoringCause {
  eventId: string;
  engagement?: Omit<StoredEngagement, 'contactId'>;
  /** The nurture campaign of the form the lead came through, if any. */
  nurtureCampaignId?: string;
}

export interface ScoringOutcome {
  contactId: string;
  next: LeadNextStep;
  score?: number;
  grade?: LeadScore['grade'];
  stage?: LifecycleStage;
  campaignId?: string;
}

const maxVersionRaces = 3;

/**
 * Records the cause's engagement and rescores the contact with the current model (decay applied as
 * of now), moving its stage forward when a threshold is crossed, in one transaction with Lead Scored
 * (and Lead Qualified on the first crossing into MQL or SQL). A deleted contact needs nothing.
 */
export async function scoreContact(deps: ScoringDeps, contactId: string, cause: ScoringCause): Promise<ScoringOutcome> {
  for (let attempt = 1; ; attempt++) {
    // Independent reads in one round trip: scoring sits on the lead's critical path.
    const [contact, model, history] = await Promise.all([
      deps.contacts.get(contactId),
      deps.scoringModel.get(),
      deps.engagements.recent(contactId),
    ]);
    if (!contact) return { contactId, next: 'done' };
    // Without a scoring model nothing is scored; the lead still goes on by the stage it has.
    if (!model) return outcomeFor(contact, cause);
    const engagement = cause.engagement ? { ...cause.engagement, contactId } : undefined;
    const engagements =
      engagement && !history.some((known) => known.id === engagement.id) ? [engagement, ...history] : history;
    const company = contact.companyId ? await deps.companies.get(contact.companyId) : undefined;
    const score = scoreLead(subjectOf(contact, company), engagements, model, deps.context.now());
    const after = rescored(contact, score, deps.context);
    try {
      await deps.contacts.write([
        ...deps.contacts.updateItems(contact, after, scoringEvents(contact, after, score, cause.eventId, deps.context)),
        ...(engagement ? [deps.engagements.recordItem(engagement)] : []),
      ]);
    } catch (error) {
      if (error instanceof TransactionConditionFailed && attempt < maxVersionRaces) continue;
      throw error;
    }
    return { ...outcomeFor(after, cause), score: score.total, grade: score.grade };
  }
}

/** What the workflow does next for the contact as it now stands. */
function outcomeFor(contact: Contact, cause: ScoringCause): ScoringOutcome {
  const next = nextStepAfterScoring({
    stage: contact.lifecycleStage,
    ...(contact.ownerId ? { ownerId: contact.ownerId } : {}),
    ...(cause.nurtureCampaignId ? { nurtureCampaignId: cause.nurtureCampaignId } : {}),
  });
  return {
    contactId: contact.id,
    next,
    stage: contact.lifecycleStage,
    ...(next === 'nurture' && cause.nurtureCampaignId ? { campaignId: cause.nurtureCampaignId } : {}),
  };
}

function subjectOf(contact: Contact, company?: Company): ScoringSubject {
  return {
    contact,
    ...(company
      ? {
          company: {
            ...(company.size ? { size: company.size } : {}),
            ...(company.industry ? { industry: company.industry } : {}),
          },
        }
      : {}),
  };
}

function rescored(contact: Contact, score: LeadScore, context: AppContext): Contact {
  return {
    ...contact,
    leadScore: score,
    lifecycleStage: promotedStage(contact.lifecycleStage, score),
    version: contact.version + 1,
    updatedAt: isoNow(context),
  };
}

function scoringEvents(
  before: Contact,
  after: Contact,
  score: LeadScore,
  causationId: string,
  context: AppContext,
): DomainEvent[] {
  const occurredAt = isoNow(context);
  const events: DomainEvent[] = [
    domainEvent(
      'Lead Scored',
      {
        contactId: after.id,
        score: score.total,
        ...(before.leadScore ? { previousScore: before.leadScore.total } : {}),
        grade: score.grade,
        scoreStage: score.stage,
        modelVersion: score.modelVersion,
        causationId,
      },
      { id: derivedEventId(causationId, 'scored'), occurredAt },
    ),
  ];
  if (
    isQualified(after.lifecycleStage) &&
    !isQualified(before.lifecycleStage) &&
    (after.lifecycleStage === 'mql' || after.lifecycleStage === 'sql')
  ) {
    events.push(
      domainEvent(
        'Lead Qualified',
        { contactId: after.id, stage: after.lifecycleStage, score: score.total, grade: score.grade },
        { id: derivedEventId(causationId, 'scored.qualified'), occurredAt },
      ),
    );
  }
  return events;
}

/** A contact's score now: its engagements re-read and decayed to this moment, not the stored snapshot. */
export async function currentScore(deps: ScoringDeps, contactId: string): Promise<LeadScore> {
  const contact = await deps.contacts.get(contactId);
  if (!contact) throw new NotFound(`No contact ${contactId}`);
  const model = await deps.scoringModel.get();
  if (!model) throw new NotFound('No scoring model has been saved yet (PUT /scoring-model).');
  const company = contact.companyId ? await deps.companies.get(contact.companyId) : undefined;
  const engagements = await deps.engagements.recent(contactId);
  return scoreLead(subjectOf(contact, company), engagements, model, deps.context.now());
}
