import { assertExpectedVersion } from '../common/guards.ts';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import { Conflict, NotFound, PreconditionFailed, ValidationFailed } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import { heldTrigger, type SurveyRepository } from './survey.repository.ts';
import type {
  CreateSurveyRequest,
  RequestSurveyRequest,
  Survey,
  SurveyResponse,
  SurveyResponseWithFollowUp,
  UpdateSurveyRequest,
} from './survey.schema.ts';
import type { SurveySendRepository } from './survey-send.repository.ts';

export interface SurveyDeps {
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  outbox: OutboxRepository;
  context: AppContext;
}

export async function createSurvey(deps: SurveyDeps, request: CreateSurveyRequest): Promise<Survey> {
  const survey: Survey = stampNew(request, deps.context);
  await writeSurvey(deps, survey, () => deps.surveys.create(survey));
  return survey;
}

export async function getSurvey(deps: Pick<SurveyDeps, 'surveys'>, surveyId: string): Promise<Survey> {
  const survey = await deps.surveys.get(surveyId);
  if (!survey) throw new NotFound(`There is no survey ${surveyId}.`);
  return survey;
}

/** Changes a survey; its kind is fixed (answers already given are on its scale). */
export async function updateSurvey(
  deps: SurveyDeps,
  surveyId: string,
  patch: UpdateSurveyRequest,
  expectedVersion?: number,
): Promise<Survey> {
  const before = await getSurvey(deps, surveyId);
  assertExpectedVersion(before, expectedVersion, 'survey');
  // `reminder: null` is a value of a survey ("no reminder"), where a merge patch's null would remove the member.
  const { reminder, ...others } = patch;
  const change = applyMergePatch(before, others, deps.context);
  const reminderChanged = reminder !== undefined && JSON.stringify(reminder) !== JSON.stringify(before.reminder);
  if (change.changedFields.length === 0 && !reminderChanged) return before;
  const after: Survey = {
    ...change.after,
    ...(reminderChanged ? { reminder } : {}),
    version: before.version + 1,
    updatedAt: isoNow(deps.context),
  };
  if (after.reminder && after.reminder.afterDays >= after.expiresAfterDays)
    throw new ValidationFailed('The reminder must come before the survey expires.', [
      { pointer: '/reminder/afterDays', message: `must be less than expiresAfterDays (${after.expiresAfterDays})` },
    ]);
  await writeSurvey(deps, after, () => deps.surveys.update(before, after), expectedVersion);
  return after;
}

export async function deleteSurvey(deps: SurveyDeps, surveyId: string, expectedVersion?: number): Promise<void> {
  const survey = await getSurvey(deps, surveyId);
  assertExpectedVersion(survey, expectedVersion, 'survey');
  await writeSurvey(deps, survey, () => deps.surveys.delete(survey), expectedVersion);
}

export function listSurveys(
  deps: Pick<SurveyDeps, 'surveys'>,
  query: { limit: number; cursor?: string },
): Promise<Page<Survey>> {
  return deps.surveys.listAll(query.limit, query.cursor);
}

/**
 * A page of the survey's responses, newest first; each detractor's with the follow-up task the workflow gave
 * their owner, as it is now (open or done), so it can be followed up from the answers. Two batch reads per
 * page (the detractors' sends, then their tasks), never one per answer.
 */
export async function listSurveyResponses(
  deps: Pick<SurveyDeps, 'surveys' | 'surveySends'> & { activities: ActivityRepository },
  surveyId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<SurveyResponseWithFollowUp>> {
  await getSurvey(deps, surveyId);
  const page = await deps.surveySends.responsesOf(surveyId, query.limit, query.cursor);
  const detractors = page.items.filter((response) => response.category === 'detractor');
  const sends = detractors.length ? await deps.surveySends.getMany(detractors.map((r) => r.sendId)) : [];
  const taskIdOf = new Map(sends.flatMap((send) => (send.followUpTaskId ? [[send.id, send.followUpTaskId]] : [])));
  const tasks = taskIdOf.size ? await deps.activities.getMany([...taskIdOf.values()]) : [];
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  return {
    ...page,
    items: page.items.map((response: SurveyResponse) => {
      const task = taskById.get(taskIdOf.get(response.sendId) ?? '');
      return task ? { ...response, followUpTask: task } : response;
    }),
  };
}

/** Sends an active survey to a contact on request (publishes Survey Requested, which starts the workflow). */
export async function requestSurvey(
  deps: SurveyDeps,
  surveyId: string,
  request: RequestSurveyRequest,
): Promise<{ eventId: string }> {
  const survey = await getSurvey(deps, surveyId);
  if (survey.status !== 'active') throw new Conflict(`Survey ${surveyId} is paused; activate it first.`);
  const [contact, deal] = await Promise.all([
    deps.contacts.get(request.contactId),
    request.dealId ? deps.deals.get(request.dealId) : undefined,
  ]);
  const missing = [
    ...(contact ? [] : [{ pointer: '/contactId', message: 'no such contact' }]),
    ...(request.dealId && !deal ? [{ pointer: '/dealId', message: 'no such deal' }] : []),
  ];
  if (missing.length) throw new ValidationFailed('The survey cannot be sent to that.', missing);
  const event = domainEvent(
    'Survey Requested',
    { surveyId, contactId: request.contactId, ...(request.dealId ? { dealId: request.dealId } : {}) },
    { id: deps.context.newId(), occurredAt: isoNow(deps.context) },
  );
  await deps.contacts.write([deps.outbox.eventItem(event)]);
  return { eventId: event.detail.id };
}

/** A failed write is either a lost race (409/412) or another active survey holding the trigger (409, naming it). */
async function writeSurvey(
  deps: SurveyDeps,
  survey: Survey,
  write: () => Promise<void>,
  expectedVersion?: number,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const trigger = heldTrigger(survey);
    const holder = trigger ? await deps.surveys.activeFor(trigger) : undefined;
    if (trigger && holder && holder !== survey.id && error.failedItems.slice(1).some(Boolean)) {
      throw new Conflict(
        `Survey ${holder} is already active for ${trigger}; pause it first (one survey per trigger, so a won deal sends one survey).`,
        { activeSurveyId: holder },
      );
    }
    const detail = 'The survey was changed by another request; re-read it and try again.';
    throw expectedVersion === undefined ? new Conflict(detail) : new PreconditionFailed(detail);
  }
}
