import { TransactionConditionFailed } from '../db/transactions.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { LeadFailureRepository } from './lead-failure.repository.ts';
import { derivedEventId } from './lead-lifecycle.rules.ts';

export interface LifecycleDeps {
  contacts: ContactRepository;
  leadFailures: LeadFailureRepository;
  /** Where a retried RecordFailure finds the Lead Processing Failed event its first try wrote. */
  outbox: Pick<OutboxRepository, 'get'>;
  context: AppContext;
}

/**
 * Hands a lead below MQL to its form's nurture campaign: the Campaign Enrollment Requested event is
 * the contract with the campaign engine, which decides on re-enrollment and frequency caps.
 */
export async function requestNurtureEnrollment(
  deps: LifecycleDeps,
  request: { contactId: string; campaignId: string; causationId: string },
): Promise<{ requested: true }> {
  const event = domainEvent(
    'Campaign Enrollment Requested',
    {
      contactId: request.contactId,
      campaignId: request.campaignId,
      reason: 'nurture',
      causationId: request.causationId,
    },
    { id: derivedEventId(request.causationId, 'nurture'), occurredAt: isoNow(deps.context) },
  );
  await deps.contacts.write([deps.contacts.outboxItem(event)]);
  return { requested: true };
}

/** Keeps a step that failed after its retries with the contact, and tells integrators (Lead Processing Failed). */
export async function recordLeadFailure(
  deps: LifecycleDeps,
  failure: { contactId: string; step: string; error: string; cause: string; causationId: string },
): Promise<{ recorded: true }> {
  const eventId = derivedEventId(failure.causationId, 'failed');
  // A retry after a crash that followed the write must not park the same failure twice.
  if (await deps.outbox.get(eventId)) return { recorded: true };
  const at = isoNow(deps.context);
  const id = deps.context.newId();
  const event = domainEvent(
    'Lead Processing Failed',
    { contactId: failure.contactId, step: failure.step, error: failure.error },
    { id: eventId, occurredAt: at },
  );
  // Two executions of one Lead Received (EventBridge and Express deliver at least once) may fail at the
  // same instant: the event's id decides which one parks the failure.
  const outbox = deps.contacts.outboxItem(event);
  const firstOnly = outbox.Put ? { Put: { ...outbox.Put, ConditionExpression: 'attribute_not_exists(pk)' } } : outbox;
  try {
    await deps.contacts.write([deps.leadFailures.recordItem({ ...failure, id, at }), firstOnly]);
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
  }
  return { recorded: true };
}
