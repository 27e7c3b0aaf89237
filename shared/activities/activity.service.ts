import type { Actor } from '../auth/actor.ts';
import { actsAsSalesRep } from '../auth/policy.ts';
import type { CompanyRepository } from '../companies/company.repository.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { assertExpectedVersion, requireReferences, writeVersioned } from '../common/guards.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { ActivityRepository } from './activity.repository.ts';
import { applyActivityPatch, newActivity } from './activity.rules.ts';
import type { Activity, CreateActivityRequest, ListActivitiesQuery, UpdateActivityRequest } from './activity.schema.ts';

export interface ActivityDeps {
  activities: ActivityRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  companies: CompanyRepository;
  owners: OwnerRepository;
  context: AppContext;
}

/**
 * Logs an activity on a contact, deal and/or company (each must exist). A rep's activity is theirs:
 * the lead SLA counts an activity owned by the lead's owner as their touch, so a rep who could log
 * one in a colleague's name could keep that colleague's untouched lead from being reassigned.
 */
export async function logActivity(deps: ActivityDeps, request: CreateActivityRequest, actor: Actor): Promise<Activity> {
  const ownerId = request.ownerId ?? (actsAsSalesRep(actor.principal) ? actor.ownerId : undefined);
  requireOwnOrUnowned(actor, ownerId);
  await requireLinks(deps, { ...request, ownerId });
  const activity = newActivity({ ...request, ownerId }, actor.principal, deps.context);
  await deps.activities.create(activity);
  return activity;
}

export async function getActivity(deps: Pick<ActivityDeps, 'activities'>, activityId: string): Promise<Activity> {
  const activity = await deps.activities.get(activityId);
  if (!activity) throw new NotFound(`There is no activity ${activityId}.`);
  return activity;
}

/** Edits or completes an activity: its owner, whoever logged it, admins and marketers may. */
export async function updateActivity(
  deps: ActivityDeps,
  activityId: string,
  patch: UpdateActivityRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Activity> {
  const before = await getActivityAt(deps, activityId, expectedVersion);
  requireMayChange(before, actor);
  if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId) requireOwnOrUnowned(actor, patch.ownerId);
  if (patch.ownerId) await requireLinks(deps, { ownerId: patch.ownerId });
  const { after, changedFields } = applyActivityPatch(before, patch, deps.context);
  if (changedFields.length === 0) return before;
  await writeVersioned(() => deps.activities.update(before, after), 'activity', expectedVersion);
  return after;
}

export async function deleteActivity(
  deps: ActivityDeps,
  activityId: string,
  actor: Actor,
  expectedVersion?: number,
): Promise<void> {
  const activity = await getActivityAt(deps, activityId, expectedVersion);
  requireMayChange(activity, actor);
  await writeVersioned(() => deps.activities.delete(activity), 'activity', expectedVersion);
}

/** A contact's, deal's or company's timeline (newest first), or an owner's open tasks (soonest due first). */
export function listActivities(
  deps: Pick<ActivityDeps, 'activities'>,
  query: ListActivitiesQuery,
): Promise<Page<Activity>> {
  const { activities } = deps;
  if (query.contactId) return activities.contactTimeline(query.contactId, query.limit, query.cursor);
  if (query.dealId) return activities.dealTimeline(query.dealId, query.limit, query.cursor);
  if (query.companyId) return activities.companyTimeline(query.companyId, query.limit, query.cursor);
  return activities.openTasksOf(query.openTasksOf as string, query.limit, query.cursor);
}

/** A sales rep's activities are their own or nobody's; admins and marketers assign them to anyone. */
function requireOwnOrUnowned(actor: Actor, ownerId: string | null | undefined): void {
  if (!actsAsSalesRep(actor.principal) || ownerId == null || ownerId === actor.ownerId) return;
  throw new Forbidden('Sales reps may log and keep activities only in their own name, not assign them to others.');
}

function requireMayChange(activity: Activity, actor: Actor): void {
  if (!actsAsSalesRep(actor.principal)) return;
  const mine =
    activity.loggedBy === actor.principal.subject ||
    (actor.ownerId !== undefined && activity.ownerId === actor.ownerId);
  if (!mine) throw new Forbidden('Sales reps may change only activities they logged or own.');
}

async function getActivityAt(
  deps: Pick<ActivityDeps, 'activities'>,
  activityId: string,
  expectedVersion?: number,
): Promise<Activity> {
  const activity = await getActivity(deps, activityId);
  assertExpectedVersion(activity, expectedVersion, 'activity');
  return activity;
}

function requireLinks(
  deps: ActivityDeps,
  links: { contactId?: string; dealId?: string; companyId?: string; ownerId?: string },
): Promise<void> {
  return requireReferences({
    contactId: [links.contactId, (id) => deps.contacts.get(id)],
    dealId: [links.dealId, (id) => deps.deals.get(id)],
    companyId: [links.companyId, (id) => deps.companies.get(id)],
    ownerId: [links.ownerId, (id) => deps.owners.get(id)],
  });
}
