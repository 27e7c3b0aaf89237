import type { Contact } from '#shared/contacts/contact.schema.ts';

/**
 * Where a lead stands against the first-touch SLA the API set when routing assigned it
 * (`assignment.slaDueAt` = assignedAt + LEAD_SLA_SECONDS): at that moment, if its owner has logged no
 * activity on it since the assignment, the lead goes to another rep of the team, once.
 * - `counting`: `msLeft` until the check that may reassign it.
 * - `due`: the check is due (or running); the lead may move any moment unless it was touched.
 * - `final`: it was already reassigned once, so it will not move again.
 * - `none`: no SLA runs (assigned by hand, or the SLA belongs to an earlier owner).
 */
export type LeadSla =
  | { kind: 'counting'; dueAt: string; msLeft: number }
  | { kind: 'due'; dueAt: string }
  | { kind: 'final' }
  | { kind: 'none' };

export function leadSla(contact: Pick<Contact, 'ownerId' | 'assignment'>, now: Date): LeadSla {
  const { assignment } = contact;
  if (!assignment || assignment.ownerId !== contact.ownerId) return { kind: 'none' };
  if (assignment.reassignedFrom) return { kind: 'final' };
  if (!assignment.slaDueAt) return { kind: 'none' };
  const msLeft = Date.parse(assignment.slaDueAt) - now.getTime();
  return msLeft > 0
    ? { kind: 'counting', dueAt: assignment.slaDueAt, msLeft }
    : { kind: 'due', dueAt: assignment.slaDueAt };
}

/** Stages of a lead a rep still has to work (later stages are opportunities and customers). */
export const newLeadStages: readonly Contact['lifecycleStage'][] = ['lead', 'mql', 'sql'];

/** My new leads: the ones whose SLA runs out first at the top, then the newest. */
export function myNewLeads<T extends Pick<Contact, 'ownerId' | 'assignment' | 'lifecycleStage' | 'createdAt'>>(
  contacts: readonly T[],
  now: Date,
): T[] {
  const dueOf = (contact: T) => {
    const sla = leadSla(contact, now);
    return sla.kind === 'counting' || sla.kind === 'due' ? Date.parse(sla.dueAt) : Number.POSITIVE_INFINITY;
  };
  return contacts
    .filter((contact) => newLeadStages.includes(contact.lifecycleStage))
    .sort((a, b) => dueOf(a) - dueOf(b) || b.createdAt.localeCompare(a.createdAt));
}

/** Whether an open task is past its due date. */
export const isOverdue = (task: { dueAt?: string | undefined }, now: Date) =>
  task.dueAt !== undefined && Date.parse(task.dueAt) < now.getTime();

/** The newest `limit` activities of several timelines merged into one, newest first. */
export function newestFirst<T extends { id: string; occurredAt: string }>(
  timelines: readonly (readonly T[])[],
  limit: number,
): T[] {
  const seen = new Map<string, T>();
  for (const timeline of timelines) for (const item of timeline) seen.set(item.id, item);
  return [...seen.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)).slice(0, limit);
}
