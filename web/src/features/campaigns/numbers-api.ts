import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';
import type { DayRange } from '../../lib/day-range';
import type { CampaignResults } from './campaign-results.ts';

/** How often the canvas asks for a version's numbers while it shows them (not while the tab is hidden). */
export const liveRefreshMs = 5_000;

export type SpendRequest = operations['RecordCampaignSpend']['requestBody']['content']['application/json'];

export const numbersKeys = {
  versionStats: (campaignId: string, number: number) => ['campaigns', 'version-stats', campaignId, number] as const,
  results: (campaignId: string, range: DayRange) => ['campaigns', 'results', campaignId, range.from, range.to] as const,
  resultsOf: (campaignId: string) => ['campaigns', 'results', campaignId] as const,
  spend: (campaignId: string) => ['campaigns', 'spend', campaignId] as const,
};

/**
 * A published version with its live numbers on every step (`?stats=true`: one request gives the definition the
 * numbers belong to). Asked again every few seconds while `live`; TanStack Query skips that while the tab is
 * hidden, and asks at once when it is shown again. The numbers on screen stay while another version loads.
 */
export function useVersionStats(campaignId: string, number: number | undefined, live: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: numbersKeys.versionStats(campaignId, number ?? 0),
    queryFn: async () =>
      dataOf(
        await api.GET('/campaigns/{campaignId}/versions/{number}', {
          params: { path: { campaignId, number: number ?? 0 }, query: { stats: 'true' } },
        }),
      ),
    enabled: live && number !== undefined,
    refetchInterval: live ? liveRefreshMs : false,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** A campaign's results over a period: the `campaign` section of the KPI report for that campaign. */
export function useCampaignResults(campaignId: string, range: DayRange) {
  const api = useApi();
  return useQuery({
    queryKey: numbersKeys.results(campaignId, range),
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const report = dataOf(
        await api.GET('/reports/kpis', { params: { query: { from: range.from, to: range.to, campaignId } } }),
      );
      return report.campaign as CampaignResults;
    },
  });
}

/** What was spent on a campaign, every entry. */
export function useCampaignSpend(campaignId: string) {
  const api = useApi();
  return useQuery({
    queryKey: numbersKeys.spend(campaignId),
    queryFn: async () =>
      dataOf(await api.GET('/campaigns/{campaignId}/spend', { params: { path: { campaignId } } })).items,
  });
}

/** Records spend on a campaign; the campaign's results and spend are read again after. */
export function useRecordSpend(campaignId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: SpendRequest) =>
      dataOf(await api.POST('/campaigns/{campaignId}/spend', { params: { path: { campaignId } }, body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: numbersKeys.resultsOf(campaignId) });
      void queryClient.invalidateQueries({ queryKey: numbersKeys.spend(campaignId) });
    },
  });
}
