export { useOwners } from '../../lib/owners';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MoveDealRequest } from '#shared/deals/deal.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import type { paths } from '../../lib/api/schema';
import { moveOnBoard, replaceCard } from './board-model';

export type Board = paths['/pipelines/{pipelineId}/board']['get']['responses'][200]['content']['application/json'];
export type BoardDeal = Board['columns'][number]['deals'][number];
export type DealsQuery = NonNullable<paths['/deals']['get']['parameters']['query']>;

export const dealKeys = {
  pipelines: ['deals', 'pipelines'] as const,
  board: (pipelineId: string) => ['deals', 'board', pipelineId] as const,
  list: (query: DealsQuery) => ['deals', 'list', query] as const,
  companies: ['deals', 'companies'] as const,
  contacts: ['deals', 'contacts'] as const,
};

export function usePipelines() {
  const api = useApi();
  return useQuery({
    queryKey: dealKeys.pipelines,
    queryFn: async () => dataOf(await api.GET('/pipelines', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
}

export function useBoard(pipelineId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: dealKeys.board(pipelineId ?? ''),
    queryFn: async () =>
      dataOf(await api.GET('/pipelines/{pipelineId}/board', { params: { path: { pipelineId: pipelineId ?? '' } } })),
    enabled: Boolean(pipelineId),
  });
}

export function useCompanies(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: dealKeys.companies,
    queryFn: async () => dataOf(await api.GET('/companies', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
    enabled,
  });
}

export function useContacts(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: dealKeys.contacts,
    queryFn: async () => dataOf(await api.GET('/contacts', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
    enabled,
  });
}

/** One page of GET /deals with exactly one of the API's filters. */
export function useDeals(query: DealsQuery | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: dealKeys.list(query ?? {}),
    queryFn: async () => dataOf(await api.GET('/deals', { params: { query: query ?? {} } })),
    enabled: Boolean(query),
    placeholderData: keepPreviousData,
  });
}

export interface MoveVariables {
  deal: BoardDeal;
  move: MoveDealRequest;
}

/**
 * POST /deals/{id}/stage with If-Match from the card's version. The card moves at once (the optimistic
 * board) and goes back if the API refuses; on 412 (someone else changed the deal) the card is replaced by
 * the deal as the API has it now. Either way the board is read again afterwards, for the API's totals.
 */
export function useMoveDeal(pipelineId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = dealKeys.board(pipelineId);
  return useMutation({
    mutationFn: async ({ deal, move }: MoveVariables) =>
      dataOf(
        await api.POST('/deals/{dealId}/stage', {
          params: { path: { dealId: deal.id } },
          headers: { 'if-match': `"${deal.version}"` },
          body: move,
        }),
      ),
    onMutate: async ({ deal, move }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Board>(key);
      if (before) queryClient.setQueryData<Board>(key, moveOnBoard<BoardDeal, Board>(before, deal.id, move.stageId));
      return { before };
    },
    onError: async (error, { deal }, context) => {
      if (context?.before) queryClient.setQueryData<Board>(key, context.before);
      if (error instanceof ProblemError && error.status === 412) {
        // The board is read again below in any case; this shows the changed card even if that read is slow.
        const current = await api
          .GET('/deals/{dealId}', { params: { path: { dealId: deal.id } } })
          .then(dataOf, () => undefined);
        if (current)
          queryClient.setQueryData<Board>(key, (board) =>
            board ? replaceCard<BoardDeal, Board>(board, current) : board,
          );
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useDeal(dealId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['deals', 'deal', dealId],
    queryFn: async () => dataOf(await api.GET('/deals/{dealId}', { params: { path: { dealId } } })),
  });
}

export function useDealHistory(dealId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['deals', 'history', dealId],
    queryFn: async () => dataOf(await api.GET('/deals/{dealId}/history', { params: { path: { dealId } } })).items,
  });
}
