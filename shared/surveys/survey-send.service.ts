import { createHash } from 'node:crypto';
import type { SuppressionRepository } from '../campaigns/suppression.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { WorkflowCallbacks } from '../scheduling/workflow-callbacks.ts';
import { sendTimings } from './survey.rules.ts';
import type { SurveyRepository } from './survey.repository.ts';
import type { SurveySendRepository } from './survey-send.repository.ts';
import type { SurveySend } from './survey-send.schema.ts';
import { surveyEmail } from './survey-emails.ts';
import { surveyToken } from './survey-link.ts';
import { surveyTriggers, type SurveyTrigger } from './survey.schema.ts';

export interface SurveySendDeps {
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  contacts: ContactRepository;
  suppressions: SuppressionRepository;
  outbox: OutboxRepository;
  email: EmailSender;
  callbacks: WorkflowCallbacks;
  context: AppContext;
  publicApiUrl: string;
  surveyKey: string;
}

/** The event that may send a survey, as the workflow receives it from EventBridge. */
export interface TriggerEvent {
  detailType: string;
  detail: { id: string; contactId?: string; dealId?: string; surveyId?: string; ticketId?: string; teamId?: string };
}

export type SurveyPlan =
  | { planned: false; reason: 'no-survey' | 'survey-paused' | 'no-contact' | 'asked-before' }
  | ({ planned: true; sendId: string } & ReturnType<typeof sendTimings>);

/** One send per survey and trigger event: a redelivered event or a retried task finds the same send. */
export const sendIdFor = (surveyId: string, eventId: string) =>
  createHash('sha256').update(`${surveyId}:${eventId}`).digest('base64url').slice(0, 26);

/**
 * What a send is one of: the trigger event, or for a resolved ticket the ticket itself. A ticket that is
 * reopened and resolved again is not asked again: the customer has the first email's links (a second
 * click changes the answer), and a second survey about the same request reads as nagging.
 */
const sendSubject = (event: TriggerEvent) =>
  event.detailType === 'Ticket Resolved' && event.detail.ticketId ? `ticket:${event.detail.ticketId}` : event.detail.id;

/** Which survey (if any) an event sends, to whom and when; records the send as planned. */
export async function planSurvey(
  deps: Pick<SurveySendDeps, 'surveys' | 'surveySends' | 'contacts' | 'context'>,
  event: TriggerEvent,
): Promise<SurveyPlan> {
  const trigger = surveyTriggers.find((candidate) => candidate === event.detailType) as SurveyTrigger | undefined;
  const surveyId =
    event.detailType === 'Survey Requested'
      ? event.detail.surveyId
      : trigger
        ? await deps.surveys.activeFor(trigger)
        : undefined;
  const survey = surveyId ? await deps.surveys.get(surveyId) : undefined;
  if (!survey) return { planned: false, reason: 'no-survey' };
  if (survey.status !== 'active') return { planned: false, reason: 'survey-paused' };
  const contact = event.detail.contactId ? await deps.contacts.get(event.detail.contactId) : undefined;
  if (!contact) return { planned: false, reason: 'no-contact' };
  const at = isoNow(deps.context);
  const send: SurveySend = {
    id: sendIdFor(survey.id, sendSubject(event)),
    surveyId: survey.id,
    contactId: contact.id,
    ...(event.detail.dealId ? { dealId: event.detail.dealId } : {}),
    ...(event.detail.ticketId && event.detailType === 'Ticket Resolved'
      ? { ticketId: event.detail.ticketId, ...(event.detail.teamId ? { ticketTeamId: event.detail.teamId } : {}) }
      : {}),
    triggerEventId: event.detail.id,
    kind: survey.kind,
    status: 'planned',
    reminded: false,
    createdAt: at,
    version: 1,
    updatedAt: at,
  };
  try {
    await deps.surveySends.create(send);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    // Planned before by this event (a redelivery or a retried task: same send, same timings), or by an
    // earlier resolution of the same ticket, whose workflow is in charge of it.
    const existing = await deps.surveySends.get(send.id);
    if (existing && existing.triggerEventId !== event.detail.id) return { planned: false, reason: 'asked-before' };
  }
  return { planned: true, sendId: send.id, ...sendTimings(survey) };
}

/** After the delay: is the contact still there, not suppressed and not withdrawn? If not, the send is skipped. */
export async function checkMailable(
  deps: Pick<SurveySendDeps, 'surveySends' | 'contacts' | 'suppressions' | 'context'>,
  sendId: string,
): Promise<{ mailable: boolean; reason?: string }> {
  const send = await deps.surveySends.get(sendId);
  // Gone with the contact's erasure: the workflow skips, and nothing is recreated.
  if (!send) return { mailable: false, reason: 'erased' };
  if (send.status !== 'planned') return { mailable: send.status !== 'skipped' };
  const contact = await deps.contacts.get(send.contactId);
  const suppression = contact ? await deps.suppressions.reasonFor(contact.emailNormalised) : undefined;
  const reason = !contact
    ? 'contact-deleted'
    : suppression
      ? `suppressed-${suppression}`
      : contact.consent.status === 'withdrawn'
        ? 'consent-withdrawn'
        : undefined;
  if (!reason) return { mailable: true };
  await deps.surveySends.save(send, {
    ...send,
    status: 'skipped',
    skippedBecause: reason,
    version: send.version + 1,
    updatedAt: isoNow(deps.context),
  });
  return { mailable: false, reason };
}

/**
 * Sends the survey (or its reminder) and parks the workflow's task token on the send, so the answer
 * can resume it. The token is stored before the email goes, so a contact who answers at once finds it.
 * An answer that came before this state (between the email and the reminder) resumes it at once.
 */
export async function sendSurvey(
  deps: SurveySendDeps,
  input: { sendId: string; taskToken: string; reminder: boolean },
): Promise<{ status: 'sent' | 'already-answered' | 'skipped' }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await parkTokenAndSend(deps, input);
    } catch (error) {
      // An answer landed between our read and our write: go again, and find it.
      if (!(error instanceof TransactionConditionFailed) || attempt >= 3) throw error;
    }
  }
}

async function parkTokenAndSend(
  deps: SurveySendDeps,
  input: { sendId: string; taskToken: string; reminder: boolean },
): Promise<{ status: 'sent' | 'already-answered' | 'skipped' }> {
  const send = await deps.surveySends.get(input.sendId);
  if (!send || send.status === 'skipped' || send.status === 'expired') return { status: 'skipped' };
  const response = await deps.surveySends.getResponse(send.id);
  if (response) {
    await deps.callbacks.resume(input.taskToken, { score: response.score, category: response.category });
    return { status: 'already-answered' };
  }
  const [survey, contact] = await Promise.all([deps.surveys.get(send.surveyId), deps.contacts.get(send.contactId)]);
  if (!survey || !contact) return { status: 'skipped' };
  const at = isoNow(deps.context);
  const sent = domainEvent(
    'Survey Sent',
    { surveyId: send.surveyId, sendId: send.id, contactId: send.contactId },
    { id: `survey-sent-${send.id}`, occurredAt: at },
  );
  const after: SurveySend = {
    ...send,
    status: 'waiting',
    taskToken: input.taskToken,
    reminded: send.reminded || input.reminder,
    sentAt: send.sentAt ?? at,
    version: send.version + 1,
    updatedAt: at,
  };
  // Survey Sent goes out with the write that first marks the send sent: a retry (a new task token after a
  // crash) parks its token without putting the event again (which, already written, would make the write a no-op).
  await deps.surveySends.save(send, after, input.reminder || send.sentAt ? [] : [deps.outbox.eventItem(sent)]);
  const email = surveyEmail(survey, contact, {
    publicApiUrl: deps.publicApiUrl,
    token: surveyToken(send.id, deps.surveyKey),
    reminder: input.reminder,
  });
  await deps.email.sendOnce(`survey:${send.id}:${input.reminder ? 'reminder' : 'invite'}`, email);
  return { status: 'sent' };
}

/** Nobody answered in time: the send stops waiting. A later answer is still recorded (as late). */
export async function expireSurvey(
  deps: Pick<SurveySendDeps, 'surveySends' | 'outbox' | 'context'>,
  sendId: string,
): Promise<{ status: SurveySend['status'] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await expireIfWaiting(deps, sendId);
    } catch (error) {
      // An answer, or the other execution of a redelivered trigger event, changed the send between our
      // read and our write: read it again, and find it answered or already expired.
      if (!(error instanceof TransactionConditionFailed) || attempt >= 3) throw error;
    }
  }
}

async function expireIfWaiting(
  deps: Pick<SurveySendDeps, 'surveySends' | 'outbox' | 'context'>,
  sendId: string,
): Promise<{ status: SurveySend['status'] }> {
  const send = await deps.surveySends.get(sendId);
  if (!send) return { status: 'skipped' };
  if (send.status !== 'waiting') return { status: send.status };
  const at = isoNow(deps.context);
  const { taskToken: _dropped, ...rest } = send;
  const expired = domainEvent(
    'Survey Expired',
    { surveyId: send.surveyId, sendId: send.id, contactId: send.contactId },
    { id: `survey-expired-${send.id}`, occurredAt: at },
  );
  await deps.surveySends.save(send, { ...rest, status: 'expired', version: send.version + 1, updatedAt: at }, [
    deps.outbox.eventItem(expired),
  ]);
  return { status: 'expired' };
}

export async function requireSend(deps: Pick<SurveySendDeps, 'surveySends'>, sendId: string): Promise<SurveySend> {
  const send = await deps.surveySends.get(sendId);
  if (!send) throw new Error(`No survey send ${sendId}`);
  return send;
}
