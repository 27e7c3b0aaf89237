export { useOwners } from '../../lib/owners';
export { useTeams } from '../../lib/teams';
import { ownersQueryKey } from '../../lib/owners';
import { teamsQueryKey } from '../../lib/teams';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  CreateOwnerRequest,
  CreateTeamRequest,
  UpdateOwnerRequest,
  UpdateTeamRequest,
} from '#shared/owners/owner.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { paths } from '../../lib/api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Owner = Json<paths['/owners/{ownerId}']['get']['responses'][200]>;
export type Team = Json<paths['/teams/{teamId}']['get']['responses'][200]>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export function useSaveOwner() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (
      change: { create: CreateOwnerRequest } | { owner: Owner; patch: UpdateOwnerRequest },
    ): Promise<Owner> =>
      'create' in change
        ? dataOf(await api.POST('/owners', { body: change.create }))
        : dataOf(
            await api.PATCH('/owners/{ownerId}', {
              params: { path: { ownerId: change.owner.id } },
              headers: ifMatch(change.owner.version),
              body: change.patch,
            }),
          ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ownersQueryKey }),
  });
}

export function useSaveTeam() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (
      change: { create: CreateTeamRequest } | { team: Team; patch: UpdateTeamRequest },
    ): Promise<Team> =>
      'create' in change
        ? dataOf(await api.POST('/teams', { body: change.create }))
        : dataOf(
            await api.PATCH('/teams/{teamId}', {
              params: { path: { teamId: change.team.id } },
              headers: ifMatch(change.team.version),
              body: change.patch,
            }),
          ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamsQueryKey }),
  });
}
