import { systemPrincipal } from '../auth/principal.ts';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import { routeLead, type RoutingDeps, type RoutingOutcome } from '../routing/routing.service.ts';
import type { TimerScheduler } from '../scheduling/timers.ts';
import { leadAssignedEmail, leadReassignedEmail } from './lead-emails.ts';

export interface OwnerNoticeDeps extends RoutingDeps {
  activities: ActivityRepository;
  teams: TeamRepository;
  email: EmailSender;
  timers: TimerScheduler;
  /** Base URL of the API, for links to the contact. */
  publicApiUrl: string;
}

const contactUrl = (deps: OwnerNoticeDeps, contactId: string) =>
  `${deps.publicApiUrl.replace(/\/$/, '')}/contacts/${contactId}`;

/**
 * Emails the new owner (at most once per assignment) and sets the SLA timer that checks, when the
 * first touch is due, whether the lead was touched. Retrying it neither mails nor schedules twice.
 */
export async function noticeAssignedOwner(
  deps: OwnerNoticeDeps,
  assignment: { contactId: string; ownerId: string; assignedAt: string },
): Promise<{ emailed: boolean; slaTimer: boolean }> {
  const contact = await deps.contacts.get(assignment.contactId);
  if (!contact || contact.ownerId !== assignment.ownerId || contact.assignment?.assignedAt !== assignment.assignedAt)
    return { emailed: false, slaTimer: false };
  const owner = await deps.owners.get(assignment.ownerId);
  const emailed = owner
    ? (await deps.email.sendOnce(
        `lead-assigned:${contact.id}:${assignment.assignedAt}`,
        leadAssignedEmail(contact, owner, {
          contactUrl: contactUrl(deps, contact.id),
          ...(contact.assignment.slaDueAt ? { slaDueAt: contact.assignment.slaDueAt } : {}),
        }),
      )) === 'sent'
    : false;
  const due = contact.assignment.slaDueAt;
  if (due) {
    await deps.timers.scheduleOnce({
      name: `lead-sla-${contact.id}-${Date.parse(assignment.assignedAt)}`,
      target: 'lead-sla-check',
      at: due,
      payload: { contactId: contact.id, ownerId: assignment.ownerId, assignedAt: assignment.assignedAt },
    });
  }
  return { emailed, slaTimer: due !== undefined };
}

export type SlaOutcome =
  | { action: 'none'; reason: 'touched' | 'owner-changed' | 'contact-deleted' }
  | { action: 'reassigned'; routing: RoutingOutcome }
  | { action: 'kept'; reason: string };

/**
 * When an assigned lead's first touch is due: if its owner logged no activity on it since the
 * assignment, it goes to another rep of the team (once), who is emailed, and the team's manager is told.
 */
export async function checkLeadSla(
  deps: OwnerNoticeDeps,
  timer: { contactId: string; ownerId: string; assignedAt: string },
): Promise<SlaOutcome> {
  const contact = await deps.contacts.get(timer.contactId);
  if (!contact) return { action: 'none', reason: 'contact-deleted' };
  if (contact.ownerId !== timer.ownerId || contact.assignment?.assignedAt !== timer.assignedAt)
    return { action: 'none', reason: 'owner-changed' };
  if (await touchedSince(deps, contact, timer.ownerId, timer.assignedAt)) return { action: 'none', reason: 'touched' };
  const routing = await routeLead(deps, contact.id, {
    causationId: `sla-${contact.id}-${Date.parse(timer.assignedAt)}`,
    reassignFrom: timer.ownerId,
  });
  const previous = await deps.owners.get(timer.ownerId);
  const newOwner = routing.assigned ? await deps.owners.get(routing.ownerId) : undefined;
  const reassigned = routing.assigned ? await deps.contacts.get(contact.id) : undefined;
  if (routing.assigned && newOwner && reassigned) {
    await deps.email.sendOnce(
      `lead-assigned:${contact.id}:${routing.assignedAt}`,
      leadAssignedEmail(reassigned, newOwner, { contactUrl: contactUrl(deps, contact.id) }),
    );
  }
  const team = contact.assignment.teamId ? await deps.teams.get(contact.assignment.teamId) : undefined;
  const manager = team?.managerOwnerId ? await deps.owners.get(team.managerOwnerId) : undefined;
  if (manager) {
    await deps.email.sendOnce(
      `lead-sla-missed:${contact.id}:${timer.assignedAt}`,
      leadReassignedEmail(contact, manager, {
        from: previous?.name ?? timer.ownerId,
        ...(newOwner ? { to: newOwner.name } : {}),
        contactUrl: contactUrl(deps, contact.id),
      }),
    );
  }
  return routing.assigned ? { action: 'reassigned', routing } : { action: 'kept', reason: routing.reason };
}

/**
 * A touch is an activity on the contact logged after the assignment, owned by the rep, and logged by a
 * person: what Relay files on the rep's behalf (a reply the contact sent them) is not the rep's touch.
 */
async function touchedSince(deps: OwnerNoticeDeps, contact: Contact, ownerId: string, since: string): Promise<boolean> {
  const { items } = await deps.activities.contactTimeline(contact.id, 50);
  return items.some(
    (activity) =>
      activity.ownerId === ownerId && activity.createdAt >= since && activity.loggedBy !== systemPrincipal.subject,
  );
}
