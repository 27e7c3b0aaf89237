import type { Principal } from '../auth/principal.ts';
import type { CustomFields } from '../common/fields.ts';
import { answerOnceInTransaction } from '../common/answer-once.ts';
import type { ConsentStatus, CreateContactRequest } from '../contacts/contact.schema.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { Conflict } from '../errors.ts';
import type { ConsentRepository } from '../leads/consent.repository.ts';
import type { IdempotencyRepository, StoredResponse } from '../leads/idempotency.repository.ts';
import { contactUpsertWrites } from '../leads/lead-intake.service.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import { newTicketMessage } from './ticket.rules.ts';
import { openTicket, type OpenedTicket, type TicketDeps } from './ticket.service.ts';

export interface SupportRequestDeps extends TicketDeps {
  companies: CompanyRepository;
  consents: ConsentRepository;
  idempotency: IdempotencyRepository;
}

/** A support form's submission, validated, with what makes it exactly-once. */
export interface SupportRequest {
  formId: string;
  /** Idempotency scope and key: `form:<id>` + Idempotency-Key or a hash of the form's fields. */
  scope: string;
  key: string;
  payloadHash: string;
  contact: CreateContactRequest;
  /** Marketing consent, when the form asks for it: recorded with proof, never downgraded. */
  consent: { status: ConsentStatus; textVersion?: string; text?: string };
  ipHash: string;
  subject: string;
  message: string;
  ticketCustomFields: CustomFields;
  /** The form's support team, if it names one: the ticket is routed within it. */
  teamId?: string;
  /** Runs once the request has won its key, before anything is written: the rate limit. */
  admit: () => Promise<void>;
}

/**
 * Opens a ticket from the public support form, exactly once per submission: the contact created or merged by
 * its email (as lead intake does: non-empty new values win, consent never downgraded), its consent proof, the
 * ticket (channel `form`, routed to a support agent like any ticket without an assignee), the message as the
 * ticket's first inbound message, their events and the stored answer are one transaction. A repeat gets the
 * first answer and writes nothing. `onOpened` sees the ticket the first request opened.
 */
export async function receiveSupportRequest(
  deps: SupportRequestDeps,
  request: SupportRequest,
  onOpened: (opened: OpenedTicket) => void = () => undefined,
): Promise<{ response: StoredResponse; replayed: boolean }> {
  return answerOnceInTransaction(deps, request, async (completion) => {
    const submissionId = deps.context.newId();
    // The same receipt as the lead form's (and as a dropped bot's), so a bot cannot tell it was dropped.
    const response: StoredResponse = { status: 202, body: JSON.stringify({ submissionId, status: 'received' }) };
    const source = `form:${request.formId}`;
    const customer: Principal = { kind: 'system', subject: source, roles: [] };
    for (let attempt = 1; ; attempt++) {
      const at = isoNow(deps.context);
      const consent = {
        status: request.consent.status,
        updatedAt: at,
        source,
        ...(request.consent.textVersion ? { textVersion: request.consent.textVersion } : {}),
      };
      const upsert = await contactUpsertWrites(deps, request.contact, consent);
      const contactItems: TransactItem[] = [
        ...upsert.items,
        ...(request.consent.status !== 'none'
          ? [
              deps.consents.recordItem({
                id: submissionId,
                contactId: upsert.contact.id,
                status: request.consent.status,
                at,
                method: 'form',
                source,
                ipHash: request.ipHash,
                ...(request.consent.textVersion ? { textVersion: request.consent.textVersion } : {}),
                ...(request.consent.text ? { text: request.consent.text } : {}),
              }),
            ]
          : []),
      ];
      try {
        const opened = await openTicket(
          deps,
          {
            subject: request.subject,
            contactId: upsert.contact.id,
            channel: 'form',
            priority: 'normal',
            tags: [],
            customFields: request.ticketCustomFields,
            ...(request.teamId ? { teamId: request.teamId } : {}),
          },
          upsert.contact,
          { principal: customer },
          (ticket) => ({
            before: contactItems,
            after: [
              deps.tickets.messageItem(
                newTicketMessage(ticket, { kind: 'inbound', body: request.message }, customer, deps.context),
              ),
              completion(response),
            ],
          }),
        );
        onOpened(opened);
        return response;
      } catch (error) {
        // Another request for the same email won the race for the contact: read it again and merge.
        const lostContactRace =
          error instanceof TransactionConditionFailed &&
          error.failedItems.slice(0, contactItems.length).some(Boolean) &&
          !error.failedItems.at(-1);
        if (!lostContactRace) throw error;
        if (attempt >= contactRaceAttempts)
          throw new Conflict('Other requests for this email are being saved right now; retry in a moment.', {
            retryAfterSeconds: 1,
          });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));
      }
    }
  });
}

/** Rounds of the race for one email's contact, as lead intake allows. */
const contactRaceAttempts = 12;
