import type { ActivityRepository } from '../activities/activity.repository.ts';
import { newActivity } from '../activities/activity.rules.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { ConsentStatus, Contact, CreateContactRequest } from '../contacts/contact.schema.ts';
import { getContact, prepareContactChange, prepareNewContact } from '../contacts/contact.service.ts';
import { normaliseEmail } from '../contacts/email.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed, type TransactItem } from '../db/transactions.ts';
import { Conflict, UnprocessableContent } from '../errors.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { EngagementRepository } from '../scoring/engagement.repository.ts';
import type { ConsentRepository } from './consent.repository.ts';
import type { IdempotencyRecord, IdempotencyRepository, StoredResponse } from './idempotency.repository.ts';
import { leadPatch } from './lead.rules.ts';

export interface LeadDeps {
  contacts: ContactRepository;
  companies: CompanyRepository;
  activities: ActivityRepository;
  consents: ConsentRepository;
  engagements: EngagementRepository;
  idempotency: IdempotencyRepository;
  outbox: OutboxRepository;
  context: AppContext;
}

/** One lead, validated, with what makes it idempotent. */
export interface LeadIntake {
  /** Idempotency scope and key: `form:<id>` + Idempotency-Key or content hash; `webhook:<source>` + webhook-id. */
  scope: string;
  key: string;
  /** Hash of what was sent: the same key with another payload is refused. */
  payloadHash: string;
  source: { kind: 'form' | 'webhook'; id: string };
  contact: CreateContactRequest;
  consent: { status: ConsentStatus; textVersion?: string; text?: string };
  ipHash?: string;
  /** What was submitted, for the contact's timeline. */
  details: Record<string, string>;
  campaignId?: string;
  /**
   * Runs once the request has won its idempotency key, before anything is written (rate limits):
   * repeats of an admitted request are answered, not counted. A throw refuses the request and
   * gives the key back.
   */
  admit?: () => Promise<void>;
}

export interface LeadReceipt {
  response: StoredResponse;
  /** True when this answers a repeat of an earlier request (nothing was written). */
  replayed: boolean;
}

const waitForInFlightMs = 10_000;
const staleClaimMs = 30_000;

/**
 * Receives a lead exactly once. The first request claims the idempotency key; the contact upsert
 * (non-empty new values win, consent never downgraded), the form-submission activity, the consent
 * proof, the form_submitted engagement scoring counts, the events (Contact Created/Updated, Lead
 * Received) and the completed claim with its response are one transaction. Repeats get the first
 * response; concurrent repeats wait for it.
 */
export async function receiveLead(deps: LeadDeps, intake: LeadIntake): Promise<LeadReceipt> {
  const now = () => deps.context.now().getTime();
  const claim = await deps.idempotency.claim(intake.scope, intake.key, intake.payloadHash, now());
  if ('claimToken' in claim)
    return { response: await admitAndProcess(deps, intake, claim.claimToken), replayed: false };

  let record: IdempotencyRecord | undefined = claim.existing;
  // Waiting is wall-clock time (monotonic), not domain time.
  const deadline = performance.now() + waitForInFlightMs;
  // A released claim (refused request) leaves nothing to wait for.
  while (record) {
    if (record.payloadHash !== intake.payloadHash) {
      throw new UnprocessableContent('This idempotency key was already used for a different payload.', {
        idempotencyKey: intake.key,
      });
    }
    if (record.state === 'completed' && record.response) return { response: record.response, replayed: true };
    if (now() - record.claimedAt > staleClaimMs) {
      const token = await deps.idempotency.takeOver(intake.scope, intake.key, record.claimToken, now());
      if (token) return { response: await admitAndProcess(deps, intake, token), replayed: false };
    }
    if (performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    record = await deps.idempotency.read(intake.scope, intake.key);
  }
  throw new Conflict('The same submission is still being processed; retry in a moment.', { retryAfterSeconds: 1 });
}

async function admitAndProcess(deps: LeadDeps, intake: LeadIntake, claimToken: string): Promise<StoredResponse> {
  try {
    await intake.admit?.();
  } catch (error) {
    await deps.idempotency.release(intake.scope, intake.key, claimToken);
    throw error;
  }
  try {
    return await processLead(deps, intake, claimToken);
  } catch (error) {
    // The lead is one transaction, so a failed one (throttled, say) wrote nothing: give the key back,
    // and the client's retry runs at once instead of waiting for the claim to go stale. (A transaction
    // that committed before failing has completed the claim, which a release leaves alone.) If the
    // release fails as well, the claim goes stale and a retry takes it over after staleClaimMs.
    await deps.idempotency.release(intake.scope, intake.key, claimToken).catch(() => undefined);
    throw error;
  }
}

async function processLead(deps: LeadDeps, intake: LeadIntake, claimToken: string): Promise<StoredResponse> {
  const submissionId = deps.context.newId();
  const response: StoredResponse = { status: 202, body: JSON.stringify({ submissionId, status: 'received' }) };
  for (let attempt = 0; ; attempt++) {
    const at = isoNow(deps.context);
    const consent = {
      status: intake.consent.status,
      updatedAt: at,
      source: `${intake.source.kind}:${intake.source.id}`,
      ...(intake.consent.textVersion ? { textVersion: intake.consent.textVersion } : {}),
    };
    const upsert = await contactUpsertWrites(deps, intake.contact, consent);
    const { isNewContact, items: contactItems } = upsert;
    const contactId = upsert.contact.id;
    const activity = newActivity(
      {
        type: 'form_submission',
        contactId,
        subject: `${intake.source.kind === 'form' ? 'Form' : 'Webhook'} ${intake.source.id}`,
        details: intake.details,
        occurredAt: at,
      },
      systemPrincipal,
      deps.context,
    );
    const leadReceived: DomainEvent = domainEvent(
      'Lead Received',
      {
        submissionId,
        contactId,
        sourceKind: intake.source.kind,
        sourceId: intake.source.id,
        isNewContact,
        consentStatus: intake.consent.status,
        doubleOptInRequired: intake.consent.status === 'pending',
        campaignId: intake.campaignId,
      },
      { id: deps.context.newId(), occurredAt: at },
    );
    const items: TransactItem[] = [
      ...contactItems,
      deps.activities.createItem(activity),
      // Recorded with the lead, not by scoring: a scoring run that loses a race (or fails) cannot lose it.
      deps.engagements.recordItem({
        id: submissionId,
        contactId,
        kind: 'form_submitted',
        occurredAt: at,
        sourceId: intake.source.id,
      }),
      ...(intake.consent.status !== 'none'
        ? [
            deps.consents.recordItem({
              id: submissionId,
              contactId,
              status: intake.consent.status,
              at,
              method: intake.source.kind,
              source: consent.source,
              ...optional(intake.consent.textVersion, 'textVersion'),
              ...optional(intake.consent.text, 'text'),
              ...optional(intake.ipHash, 'ipHash'),
            }),
          ]
        : []),
      deps.outbox.eventItem(leadReceived),
      deps.idempotency.completeItem(intake.scope, intake.key, claimToken, response),
    ];
    try {
      await deps.contacts.write(items);
      return response;
    } catch (error) {
      // A concurrent lead for the same email won the race for the contact: read it again and merge.
      if (!(error instanceof TransactionConditionFailed) || error.failedItems.at(-1)) throw error;
      if (attempt + 1 >= contactRaceAttempts)
        throw new Conflict('Other submissions for this email are being saved right now; retry in a moment.', {
          retryAfterSeconds: 1,
        });
      // Full jitter spreads the losers out, so each round of a burst has fewer of them colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));
    }
  }
}

/** Rounds of the race for one email's contact: enough for a burst of a dozen submissions of one person at once. */
const contactRaceAttempts = 12;

/**
 * Creating the contact, or merging what was submitted into the contact that has its email (non-empty new
 * values win, consent never downgraded): the items to write, and the contact as they leave it.
 */
export async function contactUpsertWrites(
  deps: Pick<LeadDeps, 'contacts' | 'companies' | 'context'>,
  submitted: CreateContactRequest,
  consent: { status: ConsentStatus; updatedAt: string; source: string; textVersion?: string },
): Promise<{ contact: Contact; isNewContact: boolean; items: TransactItem[] }> {
  const actor = { principal: systemPrincipal };
  const existingId = await deps.contacts.findIdByEmail(normaliseEmail(submitted.email));
  if (!existingId) {
    const { contact, event } = await prepareNewContact(deps, submitted, actor);
    const withConsent = { ...contact, consent };
    return { contact: withConsent, isNewContact: true, items: deps.contacts.createItems(withConsent, [event]) };
  }
  const existing = await getContact(deps, existingId);
  const patch = leadPatch(existing, submitted, consent);
  const change = patch ? prepareContactChange(deps, existing, patch, actor) : undefined;
  return {
    contact: change?.after ?? existing,
    isNewContact: false,
    items: change ? deps.contacts.updateItems(existing, change.after, [change.event]) : [],
  };
}

const optional = <K extends string>(value: string | undefined, key: K) =>
  value === undefined ? {} : ({ [key]: value } as Record<K, string>);
