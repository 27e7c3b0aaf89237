import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateFormRequest, UpdateFormRequest } from '#shared/forms/form.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer Body } } ? Body : never;

export type Form = Json<'GetForm', 200>;
export type Campaign = Json<'ListCampaigns', 200>['items'][number];

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The forms (the first 100). */
export function useForms() {
  const api = useApi();
  return useQuery({
    queryKey: ['forms', 'list'],
    queryFn: async () => dataOf(await api.GET('/forms', { params: { query: { limit: 100 } } })).items,
  });
}

export function useForm(formId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['forms', 'one', formId],
    queryFn: async () => dataOf(await api.GET('/forms/{formId}', { params: { path: { formId: formId ?? '' } } })),
    enabled: formId !== undefined,
  });
}

/** Campaigns a form's leads may join (the first 100). */
export function useCampaignChoices() {
  const api = useApi();
  return useQuery({
    queryKey: ['forms', 'campaigns'],
    queryFn: async () => dataOf(await api.GET('/campaigns', { params: { query: { limit: 100 } } })).items,
    staleTime: 60_000,
  });
}

/**
 * Submissions per form over a period, from the KPI day aggregates (`GET /reports/kpis`): each form's total
 * (`forms`), and with a `formId` that form's day by day (`form`). One request, O(days).
 */
export function useSubmissions(period: { from: string; to: string }, formId?: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['forms', 'submissions', period, formId],
    queryFn: async () =>
      dataOf(await api.GET('/reports/kpis', { params: { query: { ...period, ...(formId ? { formId } : {}) } } })),
    staleTime: 30_000,
  });
}

/** Creates the form, or changes it with If-Match on the version the builder showed. */
export function useSaveForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { create: CreateFormRequest } | { form: Form; patch: UpdateFormRequest }) =>
      'create' in change
        ? dataOf(await api.POST('/forms', { body: change.create }))
        : dataOf(
            await api.PATCH('/forms/{formId}', {
              params: { path: { formId: change.form.id } },
              headers: ifMatch(change.form.version),
              body: change.patch,
            }),
          ),
    onSuccess: (form) => {
      queryClient.setQueryData(['forms', 'one', form.id], form);
      return queryClient.invalidateQueries({ queryKey: ['forms', 'list'] });
    },
  });
}
