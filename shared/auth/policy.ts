import { Forbidden } from '../errors.ts';
import type { Actor } from './actor.ts';
import { hasRole, type Principal, type Role } from './principal.ts';

/** Refuses unless the principal has one of `allowed`. */
export function requireRole(principal: Principal, allowed: readonly Role[], action: string): void {
  if (!allowed.some((role) => hasRole(principal, role))) {
    throw new Forbidden(`Only ${allowed.join(' or ')} may ${action}.`, { requiredRoles: allowed });
  }
}

/**
 * Sales reps work their own records: a principal whose only writing role is sales may change a record
 * only when it is (or will be) owned by the rep's own owner id. Admin and marketing are not limited.
 * `actingOwnerId` is the owner record of the signed-in rep (undefined when they have none).
 */
export function requireOwnershipForSales(
  principal: Principal,
  actingOwnerId: string | undefined,
  recordOwnerIds: readonly (string | undefined)[],
  what: string,
): void {
  if (!actsAsSalesRep(principal)) return;
  const ownsAll = actingOwnerId !== undefined && recordOwnerIds.every((ownerId) => ownerId === actingOwnerId);
  if (!ownsAll) throw new Forbidden(`Sales reps may change only ${what} they own.`);
}

/** Whether the principal's widest writing role is sales (so their writes are limited to what they own). */
export function actsAsSalesRep(principal: Principal): boolean {
  return hasRole(principal, 'sales') && !hasRole(principal, 'admin') && !hasRole(principal, 'marketing');
}

/**
 * Whether the principal works tickets as an agent, limited to their own and unassigned ones (and their team's,
 * when they manage it): sales reps and support agents, unless they are also admin or marketing.
 */
export function actsAsTicketAgent(principal: Principal): boolean {
  return (
    (hasRole(principal, 'sales') || hasRole(principal, 'support')) &&
    !hasRole(principal, 'admin') &&
    !hasRole(principal, 'marketing')
  );
}

/**
 * The owner of a record being created: the one asked for, or, for a sales rep who names none,
 * the rep themself. A sales rep may not create records for someone else.
 */
export function ownerForNewRecord(
  actor: Actor,
  requestedOwnerId: string | undefined,
  what: string,
): string | undefined {
  const ownerId = requestedOwnerId ?? (actsAsSalesRep(actor.principal) ? actor.ownerId : undefined);
  requireOwnershipForSales(actor.principal, actor.ownerId, [ownerId], what);
  return ownerId;
}
