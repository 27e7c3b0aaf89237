import type { CompanyRepository } from '../companies/company.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Contact, LeadAssignment } from '../contacts/contact.schema.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { domainEvent, type EventDetail } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import { derivedEventId, slaDueAt } from '../leads/lead-lifecycle.rules.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { Owner } from '../owners/owner.schema.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { RoutingCursorRepository } from './routing-cursor.repository.ts';
import { pickFromTeam, planRouting, type RoutingCandidate, type RoutingRules } from './routing.rules.ts';
import type { RoutingPolicy } from './routing.schema.ts';

export interface RoutingDeps {
  contacts: ContactRepository;
  companies: CompanyRepository;
  owners: OwnerRepository;
  routingPolicy: SettingsRepository<RoutingPolicy>;
  routingCursors: RoutingCursorRepository;
  /** Where a retried routing finds the Lead Assigned event its first try wrote. */
  outbox: Pick<OutboxRepository, 'get'>;
  context: AppContext;
  /** How long an owner has to touch an assigned lead before it is reassigned. */
  leadSlaSeconds: number;
}

export type RoutingOutcome =
  | { contactId: string; assigned: true; ownerId: string; assignedAt: string; slaDueAt?: string }
  | {
      contactId: string;
      assigned: false;
      reason: 'already-owned' | 'owner-changed' | 'contact-deleted' | 'no-team' | 'no-eligible-rep';
      ownerId?: string;
    };

/** Without a saved policy: account-based routing only; everything else waits in the queue. */
const noPolicy: RoutingRules = { accountBased: true, territoryRules: [], teamStrategies: {} };

/**
 * Gives an unowned lead an owner by the routing policy. The write is conditional on the contact's
 * version, so of many concurrent attempts exactly one assigns; the others report who won.
 * A lead nobody can take stays unowned (the fallback queue) with a Lead Queued event.
 *
 * `reassignFrom` moves a lead its owner left untouched to someone else, once: the contact must still
 * be that owner's, and the new assignment starts no further SLA timer.
 */
export async function routeLead(
  deps: RoutingDeps,
  contactId: string,
  options: { causationId: string; reassignFrom?: string },
): Promise<RoutingOutcome> {
  const contact = await deps.contacts.get(contactId);
  if (!contact) return { contactId, assigned: false, reason: 'contact-deleted' };
  if (options.reassignFrom ? contact.ownerId !== options.reassignFrom : contact.ownerId) {
    // A retry of a routing that assigned, then crashed before answering, must still answer "assigned",
    // or the new owner is never emailed and no SLA timer is set.
    const ours = await assignmentMadeBy(deps, contact, options.causationId);
    if (ours) return ours;
    return {
      contactId,
      assigned: false,
      reason: options.reassignFrom ? 'owner-changed' : 'already-owned',
      ...(contact.ownerId ? { ownerId: contact.ownerId } : {}),
    };
  }
  const [storedPolicy, companyOwner] = await Promise.all([deps.routingPolicy.get(), accountOwnerOf(deps, contact)]);
  const policy: RoutingRules = storedPolicy ?? noPolicy;
  const exclude = options.reassignFrom ? [options.reassignFrom] : [];
  const plan = planRouting(policy, contact.country ? { country: contact.country } : {}, companyOwner, exclude);
  if (plan.kind === 'queue') return queue(deps, contact, plan.reason, options.causationId);
  let ownerId: string | undefined;
  let teamId: string | undefined;
  if (plan.kind === 'account') ownerId = plan.ownerId;
  else {
    teamId = plan.teamId;
    const members = await candidates(deps, await deps.owners.allInTeam(plan.teamId));
    const cursor = plan.strategy === 'capacity' ? 0 : await deps.routingCursors.next(plan.teamId);
    ownerId = pickFromTeam(plan.strategy, plan.weights, members, cursor, exclude);
    if (!ownerId) return queue(deps, contact, 'no-eligible-rep', options.causationId, plan.teamId);
  }
  const assignedAt = isoNow(deps.context);
  const assignment: LeadAssignment = {
    ownerId,
    assignedAt,
    strategy: plan.kind === 'account' ? 'account' : plan.strategy,
    ...(teamId ? { teamId } : {}),
    ...(options.reassignFrom
      ? { reassignedFrom: options.reassignFrom }
      : { slaDueAt: slaDueAt(assignedAt, deps.leadSlaSeconds) }),
  };
  const after: Contact = { ...contact, ownerId, assignment, version: contact.version + 1, updatedAt: assignedAt };
  const event = domainEvent(
    'Lead Assigned',
    {
      contactId,
      ownerId,
      ...(options.reassignFrom ? { previousOwnerId: options.reassignFrom } : {}),
      ...(teamId ? { teamId } : {}),
      strategy: assignment.strategy,
      reason: options.reassignFrom ? 'sla-reassignment' : 'qualified',
      ...(assignment.slaDueAt ? { slaDueAt: assignment.slaDueAt } : {}),
    },
    { id: derivedEventId(options.causationId, 'assigned'), occurredAt: assignedAt },
  );
  try {
    await deps.contacts.write(deps.contacts.updateItems(contact, after, [event]));
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const now = await deps.contacts.get(contactId);
    return {
      contactId,
      assigned: false,
      reason: options.reassignFrom ? 'owner-changed' : 'already-owned',
      ...(now?.ownerId ? { ownerId: now.ownerId } : {}),
    };
  }
  return {
    contactId,
    assigned: true,
    ownerId,
    assignedAt,
    ...(assignment.slaDueAt ? { slaDueAt: assignment.slaDueAt } : {}),
  };
}

/** The contact's current assignment, if it is the one this causation made (its Lead Assigned event says so). */
async function assignmentMadeBy(
  deps: RoutingDeps,
  contact: Contact,
  causationId: string,
): Promise<RoutingOutcome | undefined> {
  const { ownerId, assignment } = contact;
  if (!ownerId || !assignment) return undefined;
  const event = await deps.outbox.get(derivedEventId(causationId, 'assigned'));
  const assigned = event?.detailType === 'Lead Assigned' ? (event.detail as EventDetail<'Lead Assigned'>) : undefined;
  if (assigned?.ownerId !== ownerId || assigned.occurredAt !== assignment.assignedAt) return undefined;
  return {
    contactId: contact.id,
    assigned: true,
    ownerId,
    assignedAt: assignment.assignedAt,
    ...(assignment.slaDueAt ? { slaDueAt: assignment.slaDueAt } : {}),
  };
}

async function accountOwnerOf(deps: RoutingDeps, contact: Contact): Promise<RoutingCandidate | undefined> {
  const company = contact.companyId ? await deps.companies.get(contact.companyId) : undefined;
  const owner = company?.ownerId ? await deps.owners.get(company.ownerId) : undefined;
  return owner ? { id: owner.id, status: owner.status, openLoad: 0 } : undefined;
}

/** Team members as routing sees them; open leads are counted only for reps with a capacity. */
function candidates(deps: RoutingDeps, members: Owner[]): Promise<RoutingCandidate[]> {
  return Promise.all(
    members.map(async (owner) => ({
      id: owner.id,
      status: owner.status,
      ...(owner.capacity !== undefined ? { capacity: owner.capacity } : {}),
      openLoad:
        owner.capacity !== undefined && owner.status === 'active' ? await deps.contacts.countOpenLeads(owner.id) : 0,
    })),
  );
}

async function queue(
  deps: RoutingDeps,
  contact: Contact,
  reason: 'no-team' | 'no-eligible-rep',
  causationId: string,
  teamId?: string,
): Promise<RoutingOutcome> {
  const event = domainEvent(
    'Lead Queued',
    { contactId: contact.id, reason, ...(teamId ? { teamId } : {}) },
    { id: derivedEventId(causationId, 'queued'), occurredAt: isoNow(deps.context) },
  );
  await deps.contacts.write([deps.contacts.outboxItem(event)]);
  return { contactId: contact.id, assigned: false, reason };
}
