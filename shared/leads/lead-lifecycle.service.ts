import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { domainEvent } from '../events/catalog.ts';
import { redactPersonalData } from '../privacy/redaction.ts';
import { describeFailure } from './failure-message.ts';
import type { LeadFailureRepository } from './lead-failure.repository.ts';
import { derivedEventId } from './lead-lifecycle.rules.ts';

export interface LifecycleDeps {
  contacts: ContactRepository;
  leadFailures: LeadFailureRepository;
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

/**
 * Keeps a step that failed after its retries with the contact, and tells integrators (Lead
 * Processing Failed), both naming the error's class and a message with no personal data in it.
 */
export async function recordLeadFailure(
  deps: LifecycleDeps,
  failure: { contactId: string; step: string; error: string; cause: string; causationId: string },
): Promise<{ recorded: true }> {
  const eventId = derivedEventId(failure.causationId, 'failed');
  const at = isoNow(deps.context);
  const id = deps.context.newId();
  const { errorClass, message } = describeFailure(failure.error, failure.cause);
  const event = domainEvent(
    'Lead Processing Failed',
    { contactId: failure.contactId, step: failure.step, error: errorClass, message },
    { id: eventId, occurredAt: at },
  );
  // Its event's id is the causation's: a retry after a crash that followed this write finds the event
  // (the outbox put is conditional on a new id), so nothing is written again and the failure is parked once,
  // even when two retries race (a check-then-write could not promise that).
  const record = { ...failure, error: errorClass, message, cause: redactPersonalData(failure.cause), id, at };
  await deps.contacts.write([deps.leadFailures.recordItem(record), deps.contacts.outboxItem(event)]);
  return { recorded: true };
}
