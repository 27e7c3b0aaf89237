import { requireTicketAccess } from '#shared/tickets/ticket.rules.ts';
import type { Me } from '../../lib/me';

/**
 * Whether the API would let me work a ticket whose assignee goes from the first of `assigneeIds` to the last:
 * the API's own rule (an admin works every ticket; a sales rep their own and unassigned ones, may take one or give
 * theirs up, and may not hand one to another rep), so the screen offers exactly what the API accepts.
 */
export function mayWorkTicket(me: Pick<Me, 'principal' | 'ownerId'>, assigneeIds: readonly (string | undefined)[]) {
  try {
    requireTicketAccess({ principal: me.principal, ...(me.ownerId ? { ownerId: me.ownerId } : {}) }, assigneeIds);
    return true;
  } catch {
    return false;
  }
}
