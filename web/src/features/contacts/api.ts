export { useOwners } from '../../lib/owners';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { useCursorPages } from '../../lib/cursor-pages';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

export type ContactPage = Json<'ListContacts', 200>;
export type Contact = ContactPage['items'][number];
export type ContactsQuery = NonNullable<operations['ListContacts']['parameters']['query']>;
export type LifecycleStage = Contact['lifecycleStage'];
export type Owner = Json<'ListOwners', 200>['items'][number];
export type Company = Json<'ListCompanies', 200>['items'][number];
export type Segment = Json<'ListSegments', 200>['items'][number];
export type SegmentCount = Json<'CountSegment', 200>;
export type NewContact = operations['CreateContact']['requestBody']['content']['application/json'];
export type NewSegment = operations['CreateSegment']['requestBody']['content']['application/json'];

/**
 * The contacts under one filter (the API takes one of owner, stage, company or unowned at a time), read
 * `limit` at a time as the reader goes down the list.
 */
export function useContactsList(query: Omit<ContactsQuery, 'limit' | 'cursor'>, limit: number) {
  const api = useApi();
  return useCursorPages(['contacts', 'list', query, limit], async (cursor, signal) =>
    dataOf(
      await api.GET('/contacts', { params: { query: { ...query, limit, ...(cursor ? { cursor } : {}) } }, signal }),
    ),
  );
}

/** Companies for the company filter (the first 100 alphabetically). */
export function useCompanyChoices() {
  const api = useApi();
  return useQuery({
    queryKey: ['contacts', 'companies'],
    queryFn: async () => dataOf(await api.GET('/companies', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
}

/** Saved views: the segments (the first 100, alphabetically). */
export function useSegments() {
  const api = useApi();
  return useQuery({
    queryKey: ['contacts', 'segments'],
    queryFn: async () => dataOf(await api.GET('/segments', { params: { query: { limit: 100 } } })).items,
  });
}

/**
 * A saved view's members, `limit` at a time. A page can hold fewer than `limit` (even none) while more
 * follow: the API filters what it read, and the list reads on until it has rows to show.
 */
export function useSegmentMemberList(segmentId: string, limit: number) {
  const api = useApi();
  return useCursorPages(['contacts', 'segment-members', segmentId, limit], async (cursor, signal) =>
    dataOf(
      await api.GET('/segments/{segmentId}/members', {
        params: { path: { segmentId }, query: { limit, ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    ),
  );
}

/** A segment's count; while the API is still counting in the background (202) it is asked again every 2 s. */
export function useSegmentCount(segmentId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['contacts', 'segment-count', segmentId],
    queryFn: async (): Promise<SegmentCount> =>
      dataOf(await api.GET('/segments/{segmentId}/count', { params: { path: { segmentId } } })),
    refetchInterval: (query) => (query.state.data?.status === 'counting' ? 2_000 : false),
  });
}

export function useCreateSegment() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (segment: NewSegment) => dataOf(await api.POST('/segments', { body: segment })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts', 'segments'] }),
  });
}

export function useCreateContact() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (contact: NewContact) => dataOf(await api.POST('/contacts', { body: contact })),
    // Newest first: the new contact heads the first page. The lists start again from there rather than
    // read every page loaded so far again.
    onSuccess: async () => {
      await queryClient.resetQueries({ queryKey: ['contacts', 'list'] });
      await queryClient.resetQueries({ queryKey: ['contacts', 'segment-members'] });
    },
  });
}

/** The quick find: `q` is an email or the start of a name, checked with the API's own schema first. */
export function useContactSearch(q: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['contacts', 'search', q],
    queryFn: async () => dataOf(await api.GET('/contacts/search', { params: { query: { q, limit: 10 } } })),
    enabled,
    staleTime: 5_000,
  });
}
