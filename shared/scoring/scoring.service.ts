import type { CompanyRepository } from '../companies/company.repository.ts';
import type { Company } from '../companies/company.schema.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact, LifecycleStage } from '../contacts/contact.schema.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict, NotFound } from '../errors.ts';
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
import type { LeadScore, ScoringModel, ScoringModelInput } from './scoring-model.schema.ts';

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

/** Rounds of the race for the contact's version: enough for a burst of a dozen leads of one person at once. */
const versionRaceAttempts = 12;

/**
 * Rescores the contact from its stored engagements with the current model (decay applied as of
 * now), moving its stage forward when a threshold is crossed, in one transaction with Lead Scored
 * (and Lead Qualified on the first crossing into MQL or SQL). A deleted contact needs nothing.
 *
 * Concurrent scorings of one contact cannot lose an engagement: each engagement is stored before
 * the event that asks for scoring (intake, tracking), the contact is read before its engagements,
 * and the score is written only over the version that was read. So the last score written was
 * computed after every earlier scoring's write, and counts every engagement those saw. A lost race
 * is retried after a full-jitter pause.
 */
export async function scoreContact(deps: ScoringDeps, contactId: string, cause: ScoringCause): Promise<ScoringOutcome> {
  for (let attempt = 0; ; attempt++) {
    // The contact first, then (in one round trip) the rest: see above for why the order matters.
    const contact = await deps.contacts.get(contactId);
    if (!contact) return { contactId, next: 'done' };
    const [model, history, company] = await Promise.all([
      deps.scoringModel.get(),
      deps.engagements.recent(contactId),
      contact.companyId ? deps.companies.get(contact.companyId) : undefined,
    ]);
    // Without a scoring model nothing is scored; the lead still goes on by the stage it has.
    if (!model) return outcomeFor(contact, cause);
    // A Lead Received published before intake stored its engagement brings it along; it is stored here.
    const missing =
      cause.engagement && !history.some((known) => known.id === cause.engagement?.id)
        ? { ...cause.engagement, contactId }
        : undefined;
    const engagements = missing ? [missing, ...history] : history;
    const score = scoreLead(subjectOf(contact, company), engagements, model, deps.context.now());
    const after = rescored(contact, score, deps.context);
    try {
      await deps.contacts.write([
        ...deps.contacts.updateItems(contact, after, scoringEvents(contact, after, score, cause.eventId, deps.context)),
        ...(missing ? [deps.engagements.recordItem(missing)] : []),
      ]);
      return { ...outcomeFor(after, cause), score: score.total, grade: score.grade };
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (attempt + 1 >= versionRaceAttempts)
        throw new Conflict('Other changes to this contact kept winning the race to rescore it.', { contactId });
      // Full jitter spreads the losers out, so each round of a burst has fewer of them colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));
    }
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
  return scoreNow(deps, contact, model);
}

/**
 * The score a model not saved yet would give the contact now (the console's "try it on a contact"): the same
 * inputs as `currentScore` (the contact, its company, its newest engagements, decay to this moment), scored by
 * `model`. Nothing is written; `modelVersion` is 0, the version of no saved model.
 */
export async function scoreWithModel(
  deps: Omit<ScoringDeps, 'scoringModel'>,
  contactId: string,
  model: ScoringModelInput,
): Promise<LeadScore> {
  const contact = await deps.contacts.get(contactId);
  if (!contact) throw new NotFound(`No contact ${contactId}`);
  const at = isoNow(deps.context);
  return scoreNow(deps, contact, { ...model, id: 'current', version: 0, createdAt: at, updatedAt: at });
}

async function scoreNow(
  deps: Pick<ScoringDeps, 'companies' | 'engagements' | 'context'>,
  contact: Contact,
  model: ScoringModel,
): Promise<LeadScore> {
  const [company, engagements] = await Promise.all([
    contact.companyId ? deps.companies.get(contact.companyId) : undefined,
    deps.engagements.recent(contact.id),
  ]);
  return scoreLead(subjectOf(contact, company), engagements, model, deps.context.now());
}
