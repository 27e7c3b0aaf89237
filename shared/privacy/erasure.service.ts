import { campaignMessageKey } from '../campaigns/campaign-step.service.ts';
import type { CampaignRepository } from '../campaigns/campaign.repository.ts';
import { emailFeedbackTypes } from '../campaigns/email-feedback.service.ts';
import type { Enrollment } from '../campaigns/enrollment.schema.ts';
import type { SuppressionRepository, RetainedConsent } from '../campaigns/suppression.repository.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { isoNow, type AppContext } from '../context.ts';
import { activityKeys, emailKeys, enrollmentKeys, kpiKeys, surveySendKeys, type ItemKey } from '../db/keys.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import type { Deal } from '../deals/deal.schema.ts';
import { Conflict } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { ConsentRecord } from '../leads/consent.repository.ts';
import type { Ticket } from '../tickets/ticket.schema.ts';
import { readContactFootprint, type ContactFootprint, type FootprintDeps } from './contact-footprint.ts';
import type { ErasureSummary } from './personal-data.schema.ts';

export interface ErasureDeps extends FootprintDeps {
  campaigns: CampaignRepository;
  suppressions: SuppressionRepository;
  context: AppContext;
}

/** The proof of a consent change that may be kept after erasure: no IP hash, no wording shown, no contact id. */
const retained = (record: ConsentRecord): RetainedConsent => ({
  status: record.status,
  at: record.at,
  method: record.method,
  source: record.source,
  ...(record.textVersion ? { textVersion: record.textVersion } : {}),
});

const contactWriteAttempts = 3;

/**
 * Erases everything Relay holds about a contact (GDPR Art. 17) but one entry: the suppression of
 * its address, keyed by hash, which keeps the consent history as proof and makes sure the person is
 * never mailed again. That entry is written first, so no campaign or survey mails them meanwhile;
 * the contact itself is deleted last, so a retry after a crash still knows the address and finishes
 * the job. Deals are business records: they stay, unlinked from the person. Tickets are the person's own
 * requests: they are deleted with their conversation. Idempotent.
 */
export async function eraseContact(deps: ErasureDeps, contactId: string): Promise<ErasureSummary> {
  const footprint = await readContactFootprint(deps, contactId);
  const at = isoNow(deps.context);
  if (footprint.contact)
    await deps.suppressions.recordErasure(
      footprint.contact.emailNormalised,
      at,
      footprint.consentHistory.map(retained),
    );
  for (const enrollment of footprint.enrollments) await removeRunningEnrollment(deps, enrollment, at);
  await deps.contactFootprints.deleteAll(await enrollmentKeysOf(deps, contactId, footprint.enrollments));
  for (const deal of footprint.deals) await unlinkDeal(deps, deal, at);
  // Tickets go with their history, conversation and number marker (their numbers are never handed out again),
  // once their agents' open-ticket counters no longer count them.
  for (const ticket of footprint.tickets) await releaseTicketAssignee(deps, ticket, at);
  const ticketKeys = (await Promise.all(footprint.tickets.map((ticket) => deps.tickets.keysToErase(ticket)))).flat();
  await deps.contactFootprints.deleteAll([
    ...footprint.partitionItems.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
    ...footprint.activities.map((activity) => activityKeys.item(activity.id)),
    ...ticketKeys,
    ...footprint.surveySends.flatMap((send) => [
      surveySendKeys.send(send.id),
      surveySendKeys.response(send.id),
      ...surveyEmailKeys(send.id),
    ]),
    ...(footprint.contact ? leadEmailKeys(footprint.contact) : []),
    kpiKeys.mark('customer', contactId),
  ]);
  const contactFound = footprint.contact !== undefined;
  if (footprint.contact) await deleteContact(deps, footprint.contact);
  return summary(contactId, contactFound, footprint);
}

/** The enrollments, and the at-most-once markers and feedback records of every campaign email they may have sent. */
async function enrollmentKeysOf(deps: ErasureDeps, contactId: string, enrollments: Enrollment[]): Promise<ItemKey[]> {
  const keys = await Promise.all(
    enrollments.map(async (enrollment) => {
      const version = await deps.campaigns.getVersion(enrollment.campaignId, enrollment.campaignVersion);
      const stepIds = new Set([
        ...(version?.definition.steps.map((step) => step.id) ?? []),
        ...enrollment.sent.map((send) => send.stepId),
      ]);
      const messageKeys = Array.from({ length: enrollment.run }, (_, index) => index + 1).flatMap((run) =>
        [...stepIds].map((stepId) => campaignMessageKey({ ...enrollment, run }, stepId)),
      );
      return [
        enrollmentKeys.item(enrollment.campaignId, contactId),
        ...messageKeys.flatMap((messageKey) => [
          emailKeys.sent(messageKey),
          emailKeys.sent(`${messageKey}:owner`),
          ...emailFeedbackTypes.map((type) => emailKeys.feedback(messageKey, type)),
        ]),
      ];
    }),
  );
  return keys.flat();
}

/**
 * Deletes an enrollment that is still running in one version-checked transaction that counts it out
 * of its step (ended as `erased`), so the step's `waiting` does not hold an erased person forever. A
 * step run moving it at the same moment makes this re-read it; an ended one is left to the batch delete.
 */
async function removeRunningEnrollment(deps: ErasureDeps, first: Enrollment, at: string): Promise<void> {
  let enrollment: Enrollment | undefined = first;
  for (let attempt = 1; enrollment && enrollment.status !== 'ended'; attempt++) {
    try {
      await deps.enrollments.remove(enrollment, at);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
      if (attempt >= contactWriteAttempts)
        throw new Conflict(`Enrollment ${enrollment.id} kept changing during the erasure; erase again to finish.`);
      enrollment = await deps.enrollments.get(enrollment.id);
    }
  }
}

/** The markers of the survey emails of one send (see survey-send and survey-outcome). */
const surveyEmailKeys = (sendId: string): ItemKey[] =>
  [`survey:${sendId}:invite`, `survey:${sendId}:reminder`, `survey-detractor:${sendId}`, `survey-review:${sendId}`].map(
    emailKeys.sent,
  );

/** The markers of the owner notices about the contact's current assignment (see lead-owner-notice). */
const leadEmailKeys = (contact: Contact): ItemKey[] =>
  contact.assignment
    ? [
        `lead-assigned:${contact.id}:${contact.assignment.assignedAt}`,
        `lead-sla-missed:${contact.id}:${contact.assignment.assignedAt}`,
      ].map(emailKeys.sent)
    : [];

async function unlinkDeal(deps: ErasureDeps, deal: Deal, at: string): Promise<void> {
  const { contactId: _erased, ...unlinked } = deal;
  try {
    await deps.deals.update(deal, { ...unlinked, version: deal.version + 1, updatedAt: at }, undefined, []);
  } catch (error) {
    if (error instanceof TransactionConditionFailed)
      throw new Conflict(`Deal ${deal.id} changed during the erasure; erase again to finish.`);
    throw error;
  }
}

/**
 * Takes an unfinished ticket off its agent (and their open-ticket counter) in one version-checked write,
 * before the batch delete, so an interrupted erasure never leaves an agent counted for a ticket that is gone.
 */
async function releaseTicketAssignee(deps: ErasureDeps, ticket: Ticket, at: string): Promise<void> {
  if (ticket.assigneeId === undefined) return;
  const { assigneeId: _released, ...unassigned } = ticket;
  try {
    await deps.tickets.update(ticket, { ...unassigned, version: ticket.version + 1, updatedAt: at }, undefined, []);
  } catch (error) {
    if (error instanceof TransactionConditionFailed)
      throw new Conflict(`Ticket ${ticket.id} changed during the erasure; erase again to finish.`);
    throw error;
  }
}

/** The contact, its email marker and Contact Erased, in one transaction; re-read if the contact changed meanwhile. */
async function deleteContact(deps: ErasureDeps, first: Contact): Promise<void> {
  let contact: Contact | undefined = first;
  for (let attempt = 1; contact; attempt++) {
    const event = domainEvent(
      'Contact Erased',
      { contactId: contact.id },
      { id: deps.context.newId(), occurredAt: isoNow(deps.context) },
    );
    try {
      await deps.contacts.delete(contact, event);
      return;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed) || attempt >= contactWriteAttempts)
        throw error instanceof TransactionConditionFailed
          ? new Conflict(`Contact ${contact.id} kept changing during the erasure; erase again to finish.`)
          : error;
      contact = await deps.contacts.get(contact.id);
    }
  }
}

function summary(contactId: string, contactFound: boolean, footprint: ContactFootprint): ErasureSummary {
  return {
    contactId,
    contactFound,
    suppressed: contactFound,
    erased: {
      contact: contactFound ? 1 : 0,
      contactRecords: footprint.partitionItems.length,
      activities: footprint.activities.length,
      enrollments: footprint.enrollments.length,
      surveySends: footprint.surveySends.length,
      dealsUnlinked: footprint.deals.length,
      tickets: footprint.tickets.length,
    },
  };
}
