import { useQuery } from '@tanstack/react-query';
import { dataOf } from './api/client';
import { useApi } from './api/context';

/** One cache entry for the teams the settings edit and the routing policy names (the first 100). */
export const teamsQueryKey = ['teams', 'first-100'] as const;

export function useTeams() {
  const api = useApi();
  return useQuery({
    queryKey: teamsQueryKey,
    queryFn: async () => dataOf(await api.GET('/teams', { params: { query: { limit: 100 } } })).items,
  });
}
