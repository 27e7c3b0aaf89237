import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';
import type { DraftDefinition } from './journey-draft.ts';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

export type Campaign = Json<'GetCampaign', 200>;
export type CampaignVersion = Json<'GetCampaignVersion', 200>;
export type CampaignVersionSummary = Json<'ListCampaignVersions', 200>['items'][number];
type CampaignBody = operations['CreateCampaign']['requestBody']['content']['application/json'];

export const campaignKeys = {
  list: ['campaigns', 'list'] as const,
  campaign: (campaignId: string) => ['campaigns', 'campaign', campaignId] as const,
  versions: (campaignId: string) => ['campaigns', 'versions', campaignId] as const,
  version: (campaignId: string, number: number) => ['campaigns', 'version', campaignId, number] as const,
};

export function useCampaigns() {
  const api = useApi();
  return useQuery({
    queryKey: campaignKeys.list,
    queryFn: async () => dataOf(await api.GET('/campaigns', { params: { query: { limit: 100 } } })).items,
  });
}

export function useCampaign(campaignId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: campaignKeys.campaign(campaignId ?? ''),
    queryFn: async () =>
      dataOf(await api.GET('/campaigns/{campaignId}', { params: { path: { campaignId: campaignId ?? '' } } })),
    enabled: Boolean(campaignId),
  });
}

/** The newest 100 published versions (a campaign published more often than that shows its newest). */
export function useCampaignVersions(campaignId: string, enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: campaignKeys.versions(campaignId),
    enabled,
    queryFn: async () =>
      dataOf(
        await api.GET('/campaigns/{campaignId}/versions', {
          params: { path: { campaignId }, query: { limit: 100 } },
        }),
      ).items,
  });
}

export function useCampaignVersion(campaignId: string, number: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: campaignKeys.version(campaignId, number ?? 0),
    queryFn: async () =>
      dataOf(
        await api.GET('/campaigns/{campaignId}/versions/{number}', {
          params: { path: { campaignId, number: number ?? 0 } },
        }),
      ),
    enabled: number !== undefined,
    staleTime: Infinity, // a published version never changes
  });
}

/** The forms and segments a trigger or a condition can name (the first 100 of each). */
export function useTriggerChoices() {
  const api = useApi();
  const forms = useQuery({
    queryKey: ['campaigns', 'forms'],
    queryFn: async () => dataOf(await api.GET('/forms', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
  const segments = useQuery({
    queryKey: ['campaigns', 'segments'],
    queryFn: async () => dataOf(await api.GET('/segments', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
  return {
    forms: (forms.data ?? []).map((form) => ({ value: form.id, label: form.name })),
    segments: (segments.data ?? []).map((segment) => ({ value: segment.id, label: segment.name })),
  };
}

/**
 * Saving and running a campaign: create (POST /campaigns), save the draft, publish, pause/resume/archive. Each
 * write after the first sends If-Match with the version the screen shows; the API's answer replaces the cached
 * campaign, and a 412 is left to the screen, which says someone else changed it.
 */
export function useCampaignWrites(campaignId: string | undefined) {
  const api = useApi();
  const queryClient = useQueryClient();
  const settle = (campaign: Campaign) => {
    queryClient.setQueryData(campaignKeys.campaign(campaign.id), campaign);
    void queryClient.invalidateQueries({ queryKey: campaignKeys.list });
    void queryClient.invalidateQueries({ queryKey: campaignKeys.versions(campaign.id) });
  };
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
  const path = { campaignId: campaignId ?? '' };
  return {
    create: useMutation({
      mutationFn: async (draft: DraftDefinition) =>
        dataOf(await api.POST('/campaigns', { body: draft as CampaignBody })),
      onSuccess: settle,
    }),
    saveDraft: useMutation({
      mutationFn: async ({ draft, version }: { draft: DraftDefinition; version: number }) =>
        dataOf(
          await api.PUT('/campaigns/{campaignId}/draft', {
            params: { path },
            headers: ifMatch(version),
            body: draft as CampaignBody,
          }),
        ),
      onSuccess: settle,
    }),
    publish: useMutation({
      mutationFn: async ({ version }: { version: number }) =>
        dataOf(await api.POST('/campaigns/{campaignId}/publish', { params: { path }, headers: ifMatch(version) })),
      onSuccess: settle,
    }),
    changeStatus: useMutation({
      mutationFn: async ({ status, version }: { status: 'active' | 'paused' | 'archived'; version: number }) =>
        dataOf(
          await api.PATCH('/campaigns/{campaignId}', {
            params: { path },
            headers: ifMatch(version),
            body: { status },
          }),
        ),
      onSuccess: settle,
    }),
  };
}

export type EmailPreview = Json<'PreviewCampaignEmail', 200>;
export type TestSendReceipt = Json<'SendCampaignTestEmail', 202>;
export type PreviewRequest = operations['PreviewCampaignEmail']['requestBody']['content']['application/json'];

/**
 * One email rendered as it would go out (POST /campaigns/{id}/preview), for the templates on the screen: keyed by
 * everything it is rendered from, so an edit (debounced by the caller) asks again and an undo finds it cached.
 */
export function useEmailPreview(campaignId: string | undefined, request: PreviewRequest, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['campaigns', 'preview', campaignId ?? '', request] as const,
    queryFn: async () =>
      dataOf(
        await api.POST('/campaigns/{campaignId}/preview', {
          params: { path: { campaignId: campaignId ?? '' } },
          body: request,
        }),
      ),
    enabled: enabled && Boolean(campaignId),
    placeholderData: (previous) => previous,
    retry: false,
  });
}

/**
 * A test send to the signed-in user (POST /campaigns/{id}/test-sends). The caller gives the Idempotency-Key of
 * the send it means: a retry of the same intent (a double click, a lost answer) repeats the key and is answered,
 * not sent again.
 */
export function useTestSend(campaignId: string | undefined) {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ request, idempotencyKey }: { request: PreviewRequest; idempotencyKey: string }) =>
      dataOf(
        await api.POST('/campaigns/{campaignId}/test-sends', {
          params: { path: { campaignId: campaignId ?? '' }, header: { 'idempotency-key': idempotencyKey } },
          body: request,
        }),
      ),
  });
}

/** Contacts to preview an email for: the quick find's matches (an email, or the start of a name). */
export function usePreviewContacts(q: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['campaigns', 'preview-contacts', q],
    queryFn: async () => dataOf(await api.GET('/contacts/search', { params: { query: { q, limit: 10 } } })).items,
    enabled,
    staleTime: 5_000,
  });
}
