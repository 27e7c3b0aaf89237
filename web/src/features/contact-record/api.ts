import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { CreateActivityRequest } from '#shared/activities/activity.schema.ts';
import type { UpdateContactRequest } from '#shared/contacts/contact.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import { activityEntry } from '#shared/contacts/contact-timeline.rules.ts';
import { withNewEntry, type TimelinePage } from './timeline';

/** Every query of the record starts with the feature's name and the contact. */
export const recordKeys = {
  contact: (contactId: string) => ['contact-record', contactId, 'contact'] as const,
  score: (contactId: string) => ['contact-record', contactId, 'score'] as const,
  timeline: (contactId: string) => ['contact-record', contactId, 'timeline'] as const,
  deals: (contactId: string) => ['contact-record', contactId, 'deals'] as const,
  tickets: (contactId: string) => ['contact-record', contactId, 'tickets'] as const,
  ticketStatuses: ['contact-record', 'ticket-statuses'] as const,
  enrollments: (contactId: string) => ['contact-record', contactId, 'enrollments'] as const,
  consent: (contactId: string) => ['contact-record', contactId, 'consent'] as const,
  company: (companyId: string) => ['contact-record', 'company', companyId] as const,
  owners: ['contact-record', 'owners'] as const,
  pipelines: ['contact-record', 'pipelines'] as const,
};

export const timelinePageSize = 20;

export function useContact(contactId: string) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.contact(contactId),
    queryFn: async () => dataOf(await api.GET('/contacts/{contactId}', { params: { path: { contactId } } })),
  });
}
export type RecordContact = NonNullable<ReturnType<typeof useContact>['data']>;

export function useScore(contactId: string) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.score(contactId),
    queryFn: async () => dataOf(await api.GET('/contacts/{contactId}/score', { params: { path: { contactId } } })),
  });
}

/** The timeline across every channel, newest first, a page at a time ("load more" asks for the next). */
export function useTimeline(contactId: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: recordKeys.timeline(contactId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }): Promise<TimelinePage> =>
      dataOf(
        await api.GET('/contacts/{contactId}/timeline', {
          params: {
            path: { contactId },
            query: { limit: timelinePageSize, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Logs a note, call, meeting or task; the entry shows at the top of the timeline at once. */
export function useLogActivity(contactId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: CreateActivityRequest) => dataOf(await api.POST('/activities', { body: request })),
    onSuccess: async (activity) => {
      // The entry the timeline will have for it, made by the API's own rule.
      const entry = activityEntry({ ...activity, details: activity.details ?? {} });
      queryClient.setQueryData<InfiniteData<TimelinePage, string | undefined>>(
        recordKeys.timeline(contactId),
        (data) =>
          data
            ? { ...data, pages: withNewEntry(data.pages, entry) }
            : { pages: [{ items: [entry] }], pageParams: [undefined] },
      );
      await queryClient.invalidateQueries({ queryKey: recordKeys.timeline(contactId) });
    },
  });
}

export function useDeals(contactId: string) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.deals(contactId),
    queryFn: async () => dataOf(await api.GET('/deals', { params: { query: { contactId, limit: 50 } } })),
  });
}

/** The contact's tickets, newest first (`GET /tickets?contactId=`), the first 25. */
export function useTickets(contactId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.tickets(contactId),
    queryFn: async () => dataOf(await api.GET('/tickets', { params: { query: { contactId, limit: 25 } } })),
    enabled,
  });
}

export function useTicketStatuses(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.ticketStatuses,
    queryFn: async () => dataOf(await api.GET('/tickets/statuses')).statuses,
    staleTime: 300_000,
    enabled,
  });
}

/** The contact's campaign enrollments, newest first: campaign, status, current step, emails sent. */
export function useEnrollments(contactId: string) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.enrollments(contactId),
    queryFn: async () =>
      dataOf(
        await api.GET('/contacts/{contactId}/enrollments', { params: { path: { contactId }, query: { limit: 50 } } }),
      ),
  });
}

/** The contact's consent now, its suppression, and its proof (the consent records, newest first). */
export function useConsent(contactId: string) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.consent(contactId),
    queryFn: async () =>
      dataOf(await api.GET('/contacts/{contactId}/consent', { params: { path: { contactId }, query: { limit: 20 } } })),
  });
}

export function usePipelines() {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.pipelines,
    queryFn: async () => dataOf(await api.GET('/pipelines', { params: { query: { limit: 100 } } })),
    staleTime: 300_000,
  });
}

export function useOwners() {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.owners,
    queryFn: async () => dataOf(await api.GET('/owners', { params: { query: { limit: 100 } } })),
    staleTime: 300_000,
  });
}

export function useCompany(companyId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: recordKeys.company(companyId ?? ''),
    enabled: Boolean(companyId),
    queryFn: async () =>
      dataOf(await api.GET('/companies/{companyId}', { params: { path: { companyId: companyId ?? '' } } })),
  });
}

/**
 * Changes the contact with a merge patch and If-Match of the version the reader saw. When someone else
 * changed it first (412), the record is read again so the reader sees what it is now.
 */
export function useUpdateContact(contactId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ patch, version }: { patch: UpdateContactRequest; version: number }) =>
      dataOf(
        await api.PATCH('/contacts/{contactId}', {
          params: { path: { contactId } },
          body: patch as never,
          headers: { 'if-match': `"${version}"` },
        }),
      ),
    onSuccess: async (contact) => {
      queryClient.setQueryData(recordKeys.contact(contactId), contact);
      await queryClient.invalidateQueries({ queryKey: recordKeys.score(contactId) });
    },
    onError: async (error) => {
      if (error instanceof ProblemError && error.status === 412)
        await queryClient.invalidateQueries({ queryKey: recordKeys.contact(contactId) });
    },
  });
}

/** Everything held about the contact (admins), saved as a JSON file. */
export function useExportPersonalData(contactId: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async () => {
      const data = dataOf(await api.GET('/contacts/{contactId}/personal-data', { params: { path: { contactId } } }));
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `contact-${contactId}-personal-data.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return data;
    },
  });
}

export function useEraseContact(contactId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      dataOf(await api.POST('/contacts/{contactId}/erasure', { params: { path: { contactId } } })),
    onSuccess: () => queryClient.removeQueries({ queryKey: ['contact-record', contactId] }),
  });
}
