import { hasRole, type Principal } from '../auth/principal.ts';
import type { Contact } from './contact.schema.ts';

/** Whether the principal's only way in is the support role: they serve customers and do not see the sales side. */
export function seesOnlySupportView(principal: Principal): boolean {
  return hasRole(principal, 'support') && !principal.roles.some((role) => role !== 'support');
}

/**
 * The contact as the principal may see it. A support agent gets who the customer is and how to reach them,
 * but not the sales side: the lead score with its explanation and how routing gave the lead to a sales rep.
 */
export function contactAsSeenBy(principal: Principal, contact: Contact): Contact {
  if (!seesOnlySupportView(principal)) return contact;
  const { leadScore: _leadScore, assignment: _assignment, ...serviceView } = contact;
  return serviceView;
}
