import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { DayRange } from '../../lib/day-range';

/** The KPIs of a period; the previous period's stay on screen while the next one loads. */
export function useKpis(range: DayRange) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'kpis', range.from, range.to],
    placeholderData: keepPreviousData,
    queryFn: async () => dataOf(await api.GET('/reports/kpis', { params: { query: range } })),
  });
}

/** Campaign names for the ROI chart (the report names campaigns by id). */
export function useCampaignNames(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'campaign-names'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const page = dataOf(await api.GET('/campaigns', { params: { query: { limit: 100 } } }));
      return new Map(page.items.map((campaign) => [campaign.id, campaign.name]));
    },
  });
}

/** The service desk's KPIs of a period, for every team or one; the previous figures stay while the next load. */
export function useServiceKpis(range: DayRange, teamId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['reports', 'service', range.from, range.to, teamId ?? ''],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      dataOf(await api.GET('/reports/service', { params: { query: { ...range, ...(teamId ? { teamId } : {}) } } })),
  });
}
