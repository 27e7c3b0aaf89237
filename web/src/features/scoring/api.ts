import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';
import type { ScoringModelInput } from '#shared/scoring/scoring-model.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer Body } } ? Body : never;

export type ScoringModel = Json<'GetScoringModel', 200>;
export type LeadScore = Json<'GetContactScore', 200>;
export type FoundContact = Json<'SearchContacts', 200>['items'][number];
export type Owner = Json<'ListOwners', 200>['items'][number];
export type Team = Json<'ListTeams', 200>['items'][number];
export type RoutingPolicy = Json<'GetRoutingPolicy', 200>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The API answers 404 for a document nobody saved yet: that is "none", not an error. */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) return null;
    throw error;
  }
}

export function useScoringModel() {
  const api = useApi();
  return useQuery({
    queryKey: ['scoring', 'model'],
    queryFn: () => orNull(async () => dataOf(await api.GET('/scoring-model'))),
  });
}

/** Saves the model with If-Match on the version the screen showed (a 412 means someone else saved first). */
export function useSaveScoringModel() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ model, version }: { model: ScoringModelInput; version: number | undefined }) =>
      dataOf(
        await api.PUT('/scoring-model', {
          ...(version === undefined ? {} : { headers: ifMatch(version) }),
          body: model,
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['scoring'] }),
  });
}

/** The quick find (`GET /contacts/search`), for choosing the contact to try the model on. */
export function useContactSearch(q: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['scoring', 'search', q],
    queryFn: async () => dataOf(await api.GET('/contacts/search', { params: { query: { q, limit: 10 } } })),
    enabled,
    staleTime: 5_000,
  });
}

/** The contact's score under the saved model, as of now (`GET /contacts/{id}/score`); null without a saved model. */
export function useSavedScore(contactId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['scoring', 'saved-score', contactId],
    queryFn: () =>
      orNull(async () =>
        dataOf(await api.GET('/contacts/{contactId}/score', { params: { path: { contactId: contactId ?? '' } } })),
      ),
    enabled: contactId !== undefined,
  });
}

/**
 * The score the model as edited (not saved) would give the contact now: the API's dry run
 * (`POST /contacts/{id}/score`), which scores it with the same engine, engagements and clock as a real
 * rescoring and writes nothing. Keyed by the model, so each edit asks once and going back is cached.
 */
export function useTriedScore(contactId: string | undefined, model: ScoringModelInput | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['scoring', 'tried-score', contactId, model],
    queryFn: async () =>
      dataOf(
        await api.POST('/contacts/{contactId}/score', {
          params: { path: { contactId: contactId ?? '' } },
          body: model as ScoringModelInput,
        }),
      ),
    enabled: contactId !== undefined && model !== undefined,
    staleTime: 10_000,
  });
}

/** The routing policy, or null when none was ever saved (the API answers 404). */
export function useRoutingPolicy() {
  const api = useApi();
  return useQuery({
    queryKey: ['scoring', 'routing-policy'],
    queryFn: () => orNull(async () => dataOf(await api.GET('/routing-policy'))),
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
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['scoring', 'routing-policy'] }),
  });
}
