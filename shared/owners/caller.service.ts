import { actsAsSalesRep, actsAsTicketAgent } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { Caller } from './caller.schema.ts';
import type { OwnerRepository } from './owner.repository.ts';

/**
 * Who `principal` is: their roles, whether the API limits them to their own records, and the owner record
 * linked to their user, read consistently (for any role: an admin who also sells has one too). Machine
 * clients have no owner record.
 */
export async function describeCaller(
  { owners }: { owners: OwnerRepository },
  principal: Principal,
  username?: string,
): Promise<Caller> {
  const ownerId = principal.kind === 'user' ? await owners.findIdByUser(principal.subject) : undefined;
  const owner = ownerId ? await owners.get(ownerId) : undefined;
  return {
    kind: principal.kind,
    subject: principal.subject,
    ...(username ? { username } : {}),
    roles: principal.roles,
    limitedToOwnRecords: actsAsSalesRep(principal),
    limitedToOwnTickets: actsAsTicketAgent(principal),
    ...(owner ? { ownerId: owner.id, owner } : {}),
  };
}
