import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateSegmentRequest, SegmentFilter, UpdateSegmentRequest } from '#shared/segments/segment.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer Body } } ? Body : never;

export type Segment = Json<'GetSegment', 200>;
export type SegmentCount = Json<'CountSegment', 200>;
export type SegmentPreview = Json<'PreviewSegment', 200>;
export type Member = SegmentPreview['sample'][number];
export type Company = Json<'ListCompanies', 200>['items'][number];

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The segments, alphabetically (the first 100). */
export function useSegmentList() {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: async () => dataOf(await api.GET('/segments', { params: { query: { limit: 100 } } })),
  });
}

export function useSegment(segmentId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'one', segmentId],
    queryFn: async () =>
      dataOf(await api.GET('/segments/{segmentId}', { params: { path: { segmentId: segmentId ?? '' } } })),
    enabled: segmentId !== undefined,
  });
}

/** Companies for the company criterion (the first 100 alphabetically). */
export function useCompanyChoices() {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'companies'],
    queryFn: async () => dataOf(await api.GET('/companies', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
}

/**
 * The live count of criteria not saved yet and their first members (`POST /segments/preview`), keyed by the
 * criteria: each set of criteria is asked once, and the last answer stays on screen while the next is asked.
 */
export function useSegmentPreview(filter: SegmentFilter | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'preview', filter],
    queryFn: async () =>
      dataOf(await api.POST('/segments/preview', { body: { filter: filter as SegmentFilter, sampleSize: 10 } })),
    enabled: filter !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
}

/** A saved segment's count; while the API counts in the background (202) it is asked again every 2 s. */
export function useSegmentCount(segmentId: string | undefined, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['segments', 'count', segmentId],
    queryFn: async (): Promise<SegmentCount> =>
      dataOf(await api.GET('/segments/{segmentId}/count', { params: { path: { segmentId: segmentId ?? '' } } })),
    enabled: segmentId !== undefined && enabled,
    refetchInterval: (query) => (query.state.data?.status === 'counting' ? 2_000 : false),
  });
}

/** Creates the segment, or changes it with If-Match on the version the builder showed. */
export function useSaveSegment() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (
      change: { create: CreateSegmentRequest } | { segment: Segment; patch: UpdateSegmentRequest },
    ): Promise<Segment> =>
      'create' in change
        ? dataOf(await api.POST('/segments', { body: change.create }))
        : dataOf(
            await api.PATCH('/segments/{segmentId}', {
              params: { path: { segmentId: change.segment.id } },
              headers: ifMatch(change.segment.version),
              body: change.patch,
            }),
          ),
    onSuccess: (segment) => {
      queryClient.setQueryData(['segments', 'one', segment.id], segment);
      return queryClient.invalidateQueries({ queryKey: ['segments', 'list'] });
    },
  });
}

export function useDeleteSegment() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (segment: Segment) =>
      dataOf(
        await api.DELETE('/segments/{segmentId}', {
          params: { path: { segmentId: segment.id } },
          headers: ifMatch(segment.version),
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['segments', 'list'] }),
  });
}
