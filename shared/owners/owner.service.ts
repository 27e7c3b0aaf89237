import { assertExpectedVersion } from '../common/guards.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { OwnerRepository } from './owner.repository.ts';
import type { TeamRepository } from './team.repository.ts';
import type {
  CreateOwnerRequest,
  CreateTeamRequest,
  ListOwnersQuery,
  Owner,
  Team,
  UpdateOwnerRequest,
  UpdateTeamRequest,
} from './owner.schema.ts';

export interface OwnerDeps {
  owners: OwnerRepository;
  teams: TeamRepository;
  context: AppContext;
}

export async function createOwner(deps: OwnerDeps, request: CreateOwnerRequest): Promise<Owner> {
  await requireTeam(deps, request.teamId, '/teamId');
  const owner = stampNew({ ...request, territories: [...new Set(request.territories)] }, deps.context);
  await saveOwner(deps, () => deps.owners.create(owner), owner);
  return owner;
}

export async function getOwner(deps: OwnerDeps, ownerId: string): Promise<Owner> {
  const owner = await deps.owners.get(ownerId);
  if (!owner) throw new NotFound(`There is no owner ${ownerId}.`);
  return owner;
}

export async function updateOwner(
  deps: OwnerDeps,
  ownerId: string,
  patch: UpdateOwnerRequest,
  expectedVersion?: number,
): Promise<Owner> {
  const before = await getOwner(deps, ownerId);
  assertExpectedVersion(before, expectedVersion, 'owner');
  if (patch.teamId) await requireTeam(deps, patch.teamId, '/teamId');
  const territories = patch.territories ? [...new Set(patch.territories)] : undefined;
  const { after, changedFields } = applyMergePatch(
    before,
    { ...patch, ...(territories ? { territories } : {}) },
    deps.context,
  );
  if (changedFields.length === 0) return before;
  await saveOwner(deps, () => deps.owners.update(before, after), after);
  return after;
}

/** Alphabetical; by team, by territory, or all. */
export async function listOwners(deps: OwnerDeps, query: ListOwnersQuery): Promise<Page<Owner>> {
  if (query.territory) return { items: await deps.owners.listByTerritory(query.territory) };
  if (query.teamId) return deps.owners.listByTeam(query.teamId, query.limit, query.cursor);
  return deps.owners.listAll(query.limit, query.cursor);
}

export async function createTeam(deps: OwnerDeps, request: CreateTeamRequest): Promise<Team> {
  if (request.managerOwnerId) await requireOwner(deps, request.managerOwnerId, '/managerOwnerId');
  const team = stampNew(request, deps.context);
  await deps.teams.create(team);
  return team;
}

export async function getTeam(deps: OwnerDeps, teamId: string): Promise<Team> {
  const team = await deps.teams.get(teamId);
  if (!team) throw new NotFound(`There is no team ${teamId}.`);
  return team;
}

export async function updateTeam(
  deps: OwnerDeps,
  teamId: string,
  patch: UpdateTeamRequest,
  expectedVersion?: number,
): Promise<Team> {
  const before = await getTeam(deps, teamId);
  assertExpectedVersion(before, expectedVersion, 'team');
  if (patch.managerOwnerId) await requireOwner(deps, patch.managerOwnerId, '/managerOwnerId');
  const { after, changedFields } = applyMergePatch(before, patch, deps.context);
  if (changedFields.length === 0) return before;
  try {
    await deps.teams.update(before, after);
  } catch (error) {
    if (error instanceof TransactionConditionFailed)
      throw new Conflict(`Team ${teamId} was changed by another request; re-read it and try again.`);
    throw error;
  }
  return after;
}

export function listTeams(deps: OwnerDeps, query: { limit: number; cursor?: string }): Promise<Page<Team>> {
  return deps.teams.listAll(query.limit, query.cursor);
}

/** Runs a write and explains a failed condition: a taken email or user, or a concurrent change. */
async function saveOwner(deps: OwnerDeps, write: () => Promise<void>, owner: Owner): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const emailHolder = await deps.owners.findIdByEmail(owner.email);
    if (emailHolder && emailHolder !== owner.id)
      throw new Conflict('Another owner has this email.', { existingOwnerId: emailHolder });
    const userHolder = owner.userId ? await deps.owners.findIdByUser(owner.userId) : undefined;
    if (userHolder && userHolder !== owner.id)
      throw new Conflict('Another owner is linked to this user.', { existingOwnerId: userHolder });
    throw new Conflict(`Owner ${owner.id} was changed by another request; re-read it and try again.`);
  }
}

async function requireTeam(deps: OwnerDeps, teamId: string | undefined, pointer: string): Promise<void> {
  if (teamId && !(await deps.teams.get(teamId)))
    throw new ValidationFailed(`There is no team ${teamId}.`, [{ pointer, message: 'no such team' }]);
}

async function requireOwner(deps: OwnerDeps, ownerId: string, pointer: string): Promise<void> {
  if (!(await deps.owners.get(ownerId)))
    throw new ValidationFailed(`There is no owner ${ownerId}.`, [{ pointer, message: 'no such owner' }]);
}
