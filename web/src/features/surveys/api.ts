import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateSurveyRequest, UpdateSurveyRequest } from '#shared/surveys/survey.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends { content: { 'application/json': infer Body } } ? Body : never;

export type Survey = Json<'GetSurvey', 200>;
export type SurveyResponse = Json<'ListSurveyResponses', 200>['items'][number];
export type FollowUpTask = NonNullable<SurveyResponse['followUpTask']>;
export type SurveyResults = NonNullable<Json<'GetKpis', 200>['survey']>;
export type Contact = Json<'GetContact', 200>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The surveys by name (the first 100). */
export function useSurveys() {
  const api = useApi();
  return useQuery({
    queryKey: ['surveys', 'list'],
    queryFn: async () => dataOf(await api.GET('/surveys', { params: { query: { limit: 100 } } })).items,
  });
}

export function useSurvey(surveyId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['surveys', 'one', surveyId],
    queryFn: async () =>
      dataOf(await api.GET('/surveys/{surveyId}', { params: { path: { surveyId: surveyId ?? '' } } })),
    enabled: surveyId !== undefined,
  });
}

/** Creates the survey, or changes (pauses, activates) it with If-Match on the version the screen showed. */
export function useSaveSurvey() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { create: CreateSurveyRequest } | { survey: Survey; patch: UpdateSurveyRequest }) =>
      'create' in change
        ? dataOf(await api.POST('/surveys', { body: change.create }))
        : dataOf(
            await api.PATCH('/surveys/{surveyId}', {
              params: { path: { surveyId: change.survey.id } },
              headers: ifMatch(change.survey.version),
              body: change.patch,
            }),
          ),
    onSuccess: (survey) => {
      queryClient.setQueryData(['surveys', 'one', survey.id], survey);
      return queryClient.invalidateQueries({ queryKey: ['surveys', 'list'] });
    },
  });
}

/** A page of the survey's answers, newest first; each detractor's with their follow-up task as it is now. */
export function useSurveyResponses(surveyId: string, limit: number, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['surveys', 'responses', surveyId, limit, cursor],
    queryFn: async () =>
      dataOf(
        await api.GET('/surveys/{surveyId}/responses', {
          params: { path: { surveyId }, query: { limit, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
    // Answers arrive from outside the console (a click in an email), so opening the answers always asks again.
    staleTime: 0,
  });
}

/** The survey's answers and score day by day over a period, from the KPI day aggregates (`?surveyId=`). */
export function useSurveyResults(surveyId: string, period: { from: string; to: string }) {
  const api = useApi();
  return useQuery({
    queryKey: ['surveys', 'results', surveyId, period],
    queryFn: async () =>
      dataOf(await api.GET('/reports/kpis', { params: { query: { ...period, surveyId } } })).survey as SurveyResults,
    staleTime: 30_000,
  });
}

/** The contacts who answered on the page shown, each read once (and cached), for their names. */
export function useContacts(contactIds: readonly string[]) {
  const api = useApi();
  return useQueries({
    queries: [...new Set(contactIds)].map((contactId) => ({
      queryKey: ['surveys', 'contact', contactId],
      queryFn: async () => dataOf(await api.GET('/contacts/{contactId}', { params: { path: { contactId } } })),
      staleTime: 60_000,
    })),
  });
}

/** Marks a detractor's follow-up task done (If-Match the version shown), then reads the answers again. */
export function useCompleteFollowUp() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: FollowUpTask) =>
      dataOf(
        await api.PATCH('/activities/{activityId}', {
          params: { path: { activityId: task.id } },
          headers: ifMatch(task.version),
          body: { done: true },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['surveys', 'responses'] }),
  });
}
