import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { SurveyRepository } from './survey.repository.ts';
import { responseReceived } from './survey-answer.service.ts';
import type { SurveySendRepository } from './survey-send.repository.ts';
import { requireSend } from './survey-send.service.ts';
import { detractorAlertEmail, reviewRequestEmail } from './survey-emails.ts';

export interface SurveyOutcomeDeps {
  surveys: SurveyRepository;
  surveySends: SurveySendRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  owners: OwnerRepository;
  activities: ActivityRepository;
  outbox: OutboxRepository;
  email: EmailSender;
  context: AppContext;
  publicApiUrl: string;
}

const dayMs = 24 * 3600 * 1000;

async function answered(deps: Pick<SurveyOutcomeDeps, 'surveySends'>, sendId: string) {
  const send = await requireSend(deps, sendId);
  const response = await deps.surveySends.getResponse(sendId);
  if (!response) throw new Error(`Survey send ${sendId} has no response`);
  return { send, response };
}

/**
 * A detractor: a follow-up task (due within a day) for the owner of the deal, else of the contact, and
 * an email telling them. Both at most once, however often the step is retried.
 */
export async function followUpDetractor(
  deps: SurveyOutcomeDeps,
  sendId: string,
): Promise<{ taskId?: string; ownerNotified: boolean }> {
  const { send, response } = await answered(deps, sendId);
  const [contact, deal] = await Promise.all([
    deps.contacts.get(send.contactId),
    send.dealId ? deps.deals.get(send.dealId) : undefined,
  ]);
  if (!contact) return { ownerNotified: false };
  const ownerId = deal?.ownerId ?? contact.ownerId;
  let taskId = send.followUpTaskId;
  if (!taskId) {
    const task = newActivity(
      {
        type: 'task',
        subject: `Call ${contact.firstName ?? contact.email}: ${send.kind.toUpperCase()} ${response.score}`,
        ...(response.comment ? { body: `They wrote: ${response.comment}` } : {}),
        contactId: contact.id,
        ...(send.dealId ? { dealId: send.dealId } : {}),
        ...(ownerId ? { ownerId } : {}),
        dueAt: new Date(deps.context.now().getTime() + dayMs).toISOString(),
        details: { surveyId: send.surveyId, sendId: send.id, score: response.score },
      },
      systemPrincipal,
      deps.context,
    );
    await deps.surveySends.save(
      send,
      { ...send, followUpTaskId: task.id, version: send.version + 1, updatedAt: isoNow(deps.context) },
      [deps.activities.createItem(task)],
    );
    taskId = task.id;
  }
  const owner = ownerId ? await deps.owners.get(ownerId) : undefined;
  if (owner)
    await deps.email.sendOnce(
      `survey-detractor:${send.id}`,
      detractorAlertEmail(owner, contact, response, `${deps.publicApiUrl.replace(/\/$/, '')}/contacts/${contact.id}`),
    );
  return { taskId, ownerNotified: owner !== undefined };
}

/** A promoter is thanked and asked for a review, once. */
export async function askPromoterForReview(deps: SurveyOutcomeDeps, sendId: string): Promise<{ asked: boolean }> {
  const { send } = await answered(deps, sendId);
  const [survey, contact] = await Promise.all([deps.surveys.get(send.surveyId), deps.contacts.get(send.contactId)]);
  if (!survey || !contact) return { asked: false };
  await deps.email.sendOnce(`survey-review:${send.id}`, reviewRequestEmail(survey, contact));
  return { asked: true };
}

/** The answer is handled: the send is completed and Survey Response Received published, together and once. */
export async function completeSurveyResponse(
  deps: Pick<SurveyOutcomeDeps, 'surveySends' | 'outbox' | 'context'>,
  sendId: string,
): Promise<{ status: 'completed' }> {
  const { send, response } = await answered(deps, sendId);
  if (send.status === 'completed') return { status: 'completed' };
  const at = isoNow(deps.context);
  const { taskToken: _used, ...rest } = send;
  await deps.surveySends.save(send, { ...rest, status: 'completed', version: send.version + 1, updatedAt: at }, [
    deps.outbox.eventItem(responseReceived(send, response, at)),
  ]);
  return { status: 'completed' };
}
