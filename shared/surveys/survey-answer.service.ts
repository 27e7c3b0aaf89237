import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import type { Activity } from '../activities/activity.schema.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { ValidationFailed } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { EngagementRepository } from '../scoring/engagement.repository.ts';
import type { WorkflowCallbacks } from '../scheduling/workflow-callbacks.ts';
import type { KpiRepository } from '../reports/kpi.repository.ts';
import { surveyAnswerCounts } from '../reports/kpi-counters.ts';
import type { ServiceKpiRepository } from '../reports/service-kpi.repository.ts';
import { ticketSurveyCounts } from '../reports/service-kpi.rules.ts';
import { categoryOf, scaleOf, scoreIsOnScale } from './survey.rules.ts';
import type { SurveyResponse } from './survey.schema.ts';
import type { SurveyRepository } from './survey.repository.ts';
import type { SurveySendRepository } from './survey-send.repository.ts';
import type { SurveySend } from './survey-send.schema.ts';
import { readSurveyToken } from './survey-link.ts';

export interface SurveyAnswerDeps {
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  contacts: ContactRepository;
  activities: ActivityRepository;
  engagements: EngagementRepository;
  outbox: OutboxRepository;
  kpis: KpiRepository;
  serviceKpis: ServiceKpiRepository;
  callbacks: WorkflowCallbacks;
  context: AppContext;
  surveyKey: string;
}

export type AnswerOutcome =
  | { status: 'invalid' }
  | { status: 'recorded' | 'updated' | 'unchanged'; response: SurveyResponse; followUpQuestion: string };

const attempts = 4;

/**
 * A score link was clicked (or the thank-you page's comment posted): the answer is recorded at once,
 * with its timeline entry, engagement and KPI counts, in one transaction. A second click changes the
 * answer, never adds one. The first answer resumes the waiting workflow; when nothing waits any more
 * (the survey expired) it is recorded as late and Survey Response Received is published here instead.
 */
export async function answerSurvey(
  deps: SurveyAnswerDeps,
  answer: { token: string; score: number; comment?: string },
): Promise<AnswerOutcome> {
  const sendId = readSurveyToken(answer.token, deps.surveyKey);
  const first = sendId ? await deps.surveySends.get(sendId) : undefined;
  if (!first) return { status: 'invalid' };
  if (!scoreIsOnScale(first.kind, answer.score)) {
    const { min, max } = scaleOf[first.kind];
    throw new ValidationFailed(`This survey is answered from ${min} to ${max}.`, [
      { pointer: '/score', message: `must be an integer from ${min} to ${max}` },
    ]);
  }
  for (let attempt = 1; ; attempt++) {
    const send = attempt === 1 ? first : ((await deps.surveySends.get(first.id)) ?? first);
    try {
      const recorded = await record(deps, send, answer);
      // The thank-you page asks the survey's follow-up question (a deleted survey still thanks).
      const survey = await deps.surveys.get(send.surveyId);
      return { ...recorded, followUpQuestion: survey?.followUpQuestion ?? 'Anything you would like to add?' };
    } catch (error) {
      // Another click, or the workflow parking a new token, changed the send or response under us: re-read.
      if (!(error instanceof TransactionConditionFailed) || attempt >= attempts) throw error;
    }
  }
}

async function record(
  deps: SurveyAnswerDeps,
  send: SurveySend,
  answer: { score: number; comment?: string },
): Promise<{ status: 'recorded' | 'updated' | 'unchanged'; response: SurveyResponse }> {
  const previous = await deps.surveySends.getResponse(send.id);
  const comment = answer.comment?.trim() ? answer.comment.trim() : previous?.comment;
  if (previous && previous.score === answer.score && previous.comment === comment)
    return { status: 'unchanged', response: previous };
  const at = isoNow(deps.context);
  const category = categoryOf(send.kind, answer.score);
  const activity = await answerActivity(deps, send, previous, {
    score: answer.score,
    category,
    ...(comment ? { comment } : {}),
  });
  const response: SurveyResponse = {
    sendId: send.id,
    surveyId: send.surveyId,
    contactId: send.contactId,
    kind: send.kind,
    score: answer.score,
    category,
    ...(comment ? { comment } : {}),
    activityId: activity.after.id,
    ...(send.ticketId ? { ticketId: send.ticketId } : {}),
    ...(send.ticketTeamId ? { ticketTeamId: send.ticketTeamId } : {}),
    answeredAt: previous?.answeredAt ?? at,
    updatedAt: at,
    late: previous?.late ?? send.status === 'expired',
  };
  const items: TransactItem[] = [
    deps.surveySends.responseItem(response, previous),
    activity.item,
    ...deps.kpis.counterItems(previous?.answeredAt ?? at, surveyAnswerCounts(previous, response)),
    // A ticket's CSAT or CES also counts for the service desk (and the ticket's team).
    ...(send.ticketId && send.kind !== 'nps'
      ? deps.serviceKpis.counterItems(
          previous?.answeredAt ?? at,
          ticketSurveyCounts(previous, response, send.ticketTeamId),
        )
      : []),
  ];
  // A comment written after the detractor's follow-up task was made belongs on that task too.
  const task =
    comment && comment !== previous?.comment && send.followUpTaskId
      ? await deps.activities.get(send.followUpTaskId)
      : undefined;
  if (task)
    items.push(
      deps.activities.replaceItem(task, {
        ...task,
        body: `They wrote: ${comment}`,
        version: task.version + 1,
        updatedAt: at,
      }),
    );
  if (!previous) {
    items.push(
      deps.engagements.recordItem({
        id: `survey:${send.id}`,
        contactId: send.contactId,
        kind: 'survey_answered',
        occurredAt: at,
        sourceId: send.surveyId,
      }),
    );
    items.push(
      deps.outbox.eventItem(
        domainEvent(
          'Engagement Tracked',
          {
            contactId: send.contactId,
            engagementId: `survey:${send.id}`,
            kind: 'survey_answered',
            name: send.surveyId,
          },
          { id: `engagement-survey-${send.id}`, occurredAt: at },
        ),
      ),
    );
    if (send.status === 'waiting' || send.status === 'planned')
      items.push(
        deps.surveySends.saveItem(send, { ...send, status: 'answered', version: send.version + 1, updatedAt: at }),
      );
    if (response.late) items.push(deps.outbox.eventItem(responseReceived(send, response, at)));
  }
  await deps.contacts.write(items);
  if (!previous && send.status === 'waiting' && send.taskToken) {
    const resumed = await deps.callbacks.resume(send.taskToken, { score: response.score, category: response.category });
    // It timed out a moment ago: nothing will follow up, so the event goes out from here.
    if (resumed === 'gone')
      await deps.contacts.write([deps.outbox.eventItem(responseReceived(send, { ...response, late: true }, at))]);
  }
  return { status: previous ? 'updated' : 'recorded', response };
}

/** The event integrators get for an answer; its id is the send's, so however it is published it is one event. */
export function responseReceived(send: SurveySend, response: SurveyResponse, at: string) {
  return domainEvent(
    'Survey Response Received',
    {
      surveyId: send.surveyId,
      sendId: send.id,
      contactId: send.contactId,
      ...(send.dealId ? { dealId: send.dealId } : {}),
      ...(send.ticketId ? { ticketId: send.ticketId } : {}),
      kind: send.kind,
      score: response.score,
      category: response.category,
      late: response.late,
    },
    { id: `survey-response-${send.id}`, occurredAt: at },
  );
}

/** The answer on the contact's timeline (no owner: it is the customer's act, not a rep's touch); a changed answer edits it. */
async function answerActivity(
  deps: SurveyAnswerDeps,
  send: SurveySend,
  previous: SurveyResponse | undefined,
  answer: { score: number; category: string; comment?: string },
): Promise<{ after: Activity; item: TransactItem }> {
  const subject = `${send.kind.toUpperCase()} ${answer.score} (${answer.category})`;
  const details = { surveyId: send.surveyId, sendId: send.id, score: answer.score, category: answer.category };
  const before = previous ? await deps.activities.get(previous.activityId) : undefined;
  if (before) {
    const after: Activity = {
      ...before,
      subject,
      details,
      ...(answer.comment ? { body: answer.comment } : {}),
      version: before.version + 1,
      updatedAt: isoNow(deps.context),
    };
    return { after, item: deps.activities.replaceItem(before, after) };
  }
  const after = newActivity(
    {
      type: 'survey_answer',
      direction: 'inbound',
      subject,
      contactId: send.contactId,
      ...(send.dealId ? { dealId: send.dealId } : {}),
      ...(answer.comment ? { body: answer.comment } : {}),
      details,
    },
    systemPrincipal,
    deps.context,
  );
  return { after, item: deps.activities.createItem(after) };
}
