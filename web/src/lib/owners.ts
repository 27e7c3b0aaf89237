import { useQuery } from '@tanstack/react-query';
import { dataOf } from './api/client';
import { useApi } from './api/context';

/** One cache entry for the owners every screen names and picks (the first 100: a sales team, not a customer list). */
export const ownersQueryKey = ['owners', 'first-100'] as const;

export function useOwners(options: { enabled?: boolean } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: ownersQueryKey,
    queryFn: async () => dataOf(await api.GET('/owners', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
    enabled: options.enabled ?? true,
  });
}
