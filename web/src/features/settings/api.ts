export { useOwners } from '../../lib/owners';
import { ownersQueryKey } from '../../lib/owners';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateOwnerRequest,
  CreateTeamRequest,
  UpdateOwnerRequest,
  UpdateTeamRequest,
} from '#shared/owners/owner.schema.ts';
import type { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import type { paths } from '../../lib/api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Owner = Json<paths['/owners/{ownerId}']['get']['responses'][200]>;
export type Team = Json<paths['/teams/{teamId}']['get']['responses'][200]>;
export type RoutingPolicy = Json<paths['/routing-policy']['get']['responses'][200]>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export function useTeams() {
  const api = useApi();
  return useQuery({
    queryKey: ['settings', 'teams'],
    queryFn: async () => dataOf(await api.GET('/teams', { params: { query: { limit: 100 } } })).items,
  });
}

/** The routing policy, or null when none was ever saved (the API answers 404). */
export function useRoutingPolicy() {
  const api = useApi();
  return useQuery({
    queryKey: ['settings', 'routing-policy'],
    queryFn: async () => {
      try {
        return dataOf(await api.GET('/routing-policy'));
      } catch (error) {
        if (error instanceof ProblemError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

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
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['settings', 'teams'] }),
  });
}

export function useSaveRoutingPolicy() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ policy, version }: { policy: RoutingPolicyInput; version: number | undefined }) =>
      dataOf(
        await api.PUT('/routing-policy', {
          ...(version === undefined ? {} : { headers: ifMatch(version) }),
          body: policy,
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['settings', 'routing-policy'] }),
  });
}
