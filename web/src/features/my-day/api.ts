import { useOwners as useSharedOwners } from '../../lib/owners';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { components, paths } from '../../lib/api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
export type Activity = Json<paths['/activities/{activityId}']['get']['responses'][200]>;
export type Contact = Json<paths['/contacts/{contactId}']['get']['responses'][200]>;
export type Owner = Json<paths['/owners/{ownerId}']['get']['responses'][200]>;
export type { components };

/** How many of my contacts' timelines the recent-activity card reads, and how much of each: bounded. */
const recentContacts = 10;
const recentPerContact = 5;

/** My open tasks, soonest due first (the API's order). */
export function useOpenTasks(ownerId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['my-day', 'tasks', ownerId],
    enabled: ownerId !== undefined,
    queryFn: async () =>
      dataOf(await api.GET('/activities', { params: { query: { openTasksOf: ownerId as string, limit: 50 } } })),
  });
}

/** The contacts I own, newest first (one page: my day is a summary, the contact list pages). */
export function useMyContacts(ownerId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['my-day', 'contacts', ownerId],
    enabled: ownerId !== undefined,
    queryFn: async () =>
      dataOf(await api.GET('/contacts', { params: { query: { ownerId: ownerId as string, limit: 100 } } })),
  });
}

/** The latest activities on my newest contacts, one timeline query per contact (bounded). */
export function useRecentActivity(contacts: readonly Contact[] | undefined) {
  const api = useApi();
  return useQueries({
    queries: (contacts ?? []).slice(0, recentContacts).map((contact) => ({
      queryKey: ['my-day', 'timeline', contact.id],
      queryFn: async () =>
        dataOf(await api.GET('/activities', { params: { query: { contactId: contact.id, limit: recentPerContact } } }))
          .items,
    })),
    combine: (results) => ({
      timelines: results.map((result) => result.data ?? []),
      isPending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error,
    }),
  });
}

/** Leads nobody owns, newest first: routing's fallback queue. */
export function useUnownedQueue(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['my-day', 'unowned'],
    enabled,
    queryFn: async () => dataOf(await api.GET('/contacts', { params: { query: { unowned: 'true', limit: 50 } } })),
  });
}

export function useOwners(enabled: boolean) {
  return useSharedOwners({ enabled });
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** Completes a task (PATCH done: true, If-Match the version shown). */
export function useCompleteTask() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: Activity) =>
      dataOf(
        await api.PATCH('/activities/{activityId}', {
          params: { path: { activityId: task.id } },
          headers: ifMatch(task.version),
          body: { done: true },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['my-day'] }),
  });
}

/** Gives an unowned lead an owner (a merge patch of ownerId, If-Match the version shown). */
export function useAssignLead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ contact, ownerId }: { contact: Contact; ownerId: string }) =>
      dataOf(
        await api.PATCH('/contacts/{contactId}', {
          params: { path: { contactId: contact.id } },
          headers: ifMatch(contact.version),
          body: { ownerId },
        }),
      ),
    // A 412 means someone else changed the lead: the refreshed queue shows what it is now.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['my-day'] }),
  });
}
