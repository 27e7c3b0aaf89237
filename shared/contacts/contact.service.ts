import type { Actor } from '../auth/actor.ts';
import { ownerForNewRecord, requireOwnershipForSales } from '../auth/policy.ts';
import { emailDomain } from '../companies/domain.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict, NotFound, PreconditionFailed, ValidationFailed } from '../errors.ts';
import { domainEvent, type DomainEvent } from '../events/catalog.ts';
import type { ContactRepository } from './contact.repository.ts';
import { applyContactPatch, newContact } from './contact.rules.ts';
import type { Contact, CreateContactRequest, ListContactsQuery, UpdateContactRequest } from './contact.schema.ts';

export interface ContactDeps {
  contacts: ContactRepository;
  companies: CompanyRepository;
  context: AppContext;
}

const eventMeta = (context: AppContext) => ({ id: context.newId(), occurredAt: isoNow(context) });

/**
 * Creates a contact; a second contact with the same normalised email is a Conflict naming the first.
 * A sales rep's new contact is theirs unless they name another owner (which they may not).
 * Without a companyId, the contact joins the company whose domain its email uses, if there is one.
 */
export async function createContact(deps: ContactDeps, request: CreateContactRequest, actor: Actor): Promise<Contact> {
  const { contact, event } = await prepareNewContact(deps, request, actor);
  try {
    await deps.contacts.create(contact, event);
    return contact;
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw await emailTaken(deps.contacts, contact.emailNormalised);
    throw error;
  }
}

/**
 * A new contact and its Contact Created event, checked but not written: for callers that write it
 * together with more in one transaction. Applies the ownership and company-linking rules above.
 */
export async function prepareNewContact(
  deps: ContactDeps,
  request: CreateContactRequest,
  actor: Actor,
): Promise<{ contact: Contact; event: DomainEvent }> {
  const ownerId = ownerForNewRecord(actor, request.ownerId, 'contacts');
  const companyId = request.companyId ?? (await companyForEmail(deps, request.email));
  if (request.companyId) await requireCompany(deps, request.companyId);
  const contact = newContact({ ...request, ownerId, companyId }, deps.context);
  const event = domainEvent(
    'Contact Created',
    { contactId: contact.id, ownerId: contact.ownerId, lifecycleStage: contact.lifecycleStage },
    eventMeta(deps.context),
  );
  return { contact, event };
}

export async function getContact({ contacts }: Pick<ContactDeps, 'contacts'>, contactId: string): Promise<Contact> {
  const contact = await contacts.get(contactId);
  if (!contact) throw new NotFound(`There is no contact ${contactId}.`);
  return contact;
}

/**
 * Applies a merge patch. With `expectedVersion` (from If-Match) a stale write is refused with 412;
 * without it, a write that loses a race with another update is refused with 409 rather than
 * silently overwriting it.
 */
export async function updateContact(
  deps: ContactDeps,
  contactId: string,
  patch: UpdateContactRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Contact> {
  const before = await getContact(deps, contactId);
  if (expectedVersion !== undefined && expectedVersion !== before.version) throw staleVersion(before);
  if (patch.companyId) await requireCompany(deps, patch.companyId);
  const change = prepareContactChange(deps, before, patch, actor);
  if (!change) return before;
  const { after, event } = change;
  try {
    await deps.contacts.update(before, after, event);
    return after;
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const emailChanged = before.emailNormalised !== after.emailNormalised;
    if (emailChanged && error.failedItems[1]) throw await emailTaken(deps.contacts, after.emailNormalised);
    throw concurrentChange(contactId, expectedVersion);
  }
}

/** The next version of a contact and its Contact Updated event, checked but not written; undefined when nothing changes. */
export function prepareContactChange(
  deps: Pick<ContactDeps, 'context'>,
  before: Contact,
  patch: UpdateContactRequest & { consent?: Contact['consent'] },
  actor: Actor,
): { after: Contact; event: DomainEvent } | undefined {
  const { after, changedFields } = applyContactPatch(before, patch, deps.context);
  requireOwnershipForSales(actor.principal, actor.ownerId, [before.ownerId, after.ownerId], 'contacts');
  if (changedFields.length === 0) return undefined;
  const event = domainEvent(
    'Contact Updated',
    { contactId: before.id, contactVersion: after.version, changedFields },
    eventMeta(deps.context),
  );
  return { after, event };
}

export async function deleteContact(
  deps: ContactDeps,
  contactId: string,
  actor: Actor,
  expectedVersion?: number,
): Promise<void> {
  const contact = await getContact(deps, contactId);
  requireOwnershipForSales(actor.principal, actor.ownerId, [contact.ownerId], 'contacts');
  if (expectedVersion !== undefined && expectedVersion !== contact.version) throw staleVersion(contact);
  const event = domainEvent('Contact Deleted', { contactId }, eventMeta(deps.context));
  try {
    await deps.contacts.delete(contact, event);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw concurrentChange(contactId, expectedVersion);
    throw error;
  }
}

/** Newest first, filtered by owner, company, lifecycle stage or unowned (each served by its own index), or all. */
export function listContacts(
  { contacts }: Pick<ContactDeps, 'contacts'>,
  query: ListContactsQuery,
): Promise<Page<Contact>> {
  if (query.ownerId) return contacts.listByOwner(query.ownerId, query.limit, query.cursor);
  if (query.unowned) return contacts.listUnowned(query.limit, query.cursor);
  if (query.companyId) return contacts.listByCompany(query.companyId, query.limit, query.cursor);
  if (query.lifecycleStage) return contacts.listByLifecycleStage(query.lifecycleStage, query.limit, query.cursor);
  return contacts.listAll(query.limit, query.cursor);
}

async function companyForEmail(deps: ContactDeps, email: string): Promise<string | undefined> {
  const domain = emailDomain(email);
  return domain ? deps.companies.findIdByDomain(domain) : undefined;
}

async function requireCompany(deps: ContactDeps, companyId: string): Promise<void> {
  if (!(await deps.companies.get(companyId))) {
    throw new ValidationFailed(`There is no company ${companyId}.`, [
      { pointer: '/companyId', message: 'no such company' },
    ]);
  }
}

async function emailTaken(contacts: ContactRepository, emailNormalised: string): Promise<Conflict> {
  const existingContactId = await contacts.findIdByEmail(emailNormalised);
  return new Conflict('A contact with this email already exists.', existingContactId ? { existingContactId } : {});
}

function staleVersion(current: Contact): PreconditionFailed {
  return new PreconditionFailed(
    `The contact is at version ${current.version}; re-read it and apply your change again.`,
    {
      currentVersion: current.version,
    },
  );
}

function concurrentChange(contactId: string, expectedVersion: number | undefined): Conflict | PreconditionFailed {
  const detail = `Contact ${contactId} was changed or deleted by another request; re-read it and try again.`;
  return expectedVersion === undefined ? new Conflict(detail) : new PreconditionFailed(detail);
}
