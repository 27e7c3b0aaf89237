import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { Conflict, ValidationFailed } from '#shared/errors.ts';
import { createOwner, createTeam, listOwners, updateOwner } from '#shared/owners/owner.service.ts';
import { ListOwnersQuery, UpdateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { anOwnerRequest } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));

describe('owners and teams', () => {
  it("lists a team's reps alphabetically, and reps by territory", async () => {
    const team = await createTeam(deps, { name: 'DACH' });
    const zoe = await createOwner(
      deps,
      anOwnerRequest({ name: 'Zoë Weber', teamId: team.id, territories: ['DE', 'AT'] }),
    );
    const anna = await createOwner(
      deps,
      anOwnerRequest({ name: 'anna Berg', teamId: team.id, territories: ['DE', 'CH'] }),
    );
    const byTeam = await listOwners(deps, ListOwnersQuery.parse({ teamId: team.id }));
    expect(byTeam.items.map((o) => o.id)).toEqual([anna.id, zoe.id]);
    const germany = await listOwners(deps, ListOwnersQuery.parse({ territory: 'DE' }));
    expect(germany.items.map((o) => o.id).sort()).toEqual([anna.id, zoe.id].sort());
  });

  it('keeps territory membership in step with the owner', async () => {
    const owner = await createOwner(deps, anOwnerRequest({ territories: ['NL', 'BE'] }));
    await updateOwner(deps, owner.id, UpdateOwnerRequest.parse({ territories: ['BE', 'LU'], status: 'away' }));
    expect((await listOwners(deps, ListOwnersQuery.parse({ territory: 'NL' }))).items.map((o) => o.id)).not.toContain(
      owner.id,
    );
    const luxembourg = await listOwners(deps, ListOwnersQuery.parse({ territory: 'LU' }));
    expect(luxembourg.items.find((o) => o.id === owner.id)).toMatchObject({ status: 'away' });
    const belgium = await listOwners(deps, ListOwnersQuery.parse({ territory: 'BE' }));
    expect(belgium.items.find((o) => o.id === owner.id)).toMatchObject({ status: 'away', version: 2 });
  });

  it('refuses a second owner with the same email or the same signed-in user', async () => {
    const first = await createOwner(deps, anOwnerRequest({ email: 'dup.rep@relay.example', userId: 'cognito-sub-1' }));
    await expect(createOwner(deps, anOwnerRequest({ email: 'DUP.rep@relay.example' }))).rejects.toMatchObject({
      extensions: { existingOwnerId: first.id },
    });
    await expect(createOwner(deps, anOwnerRequest({ userId: 'cognito-sub-1' }))).rejects.toBeInstanceOf(Conflict);
    expect(await deps.owners.findIdByUser('cognito-sub-1')).toBe(first.id);
  });

  it('refuses a team that does not exist', async () => {
    await expect(createOwner(deps, anOwnerRequest({ teamId: '01JDEM0000000000000000000X' }))).rejects.toBeInstanceOf(
      ValidationFailed,
    );
  });
});
