import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddTicketMessageRequest,
  CreateTicketRequest,
  MoveTicketRequest,
  UpdateTicketRequest,
} from '#shared/tickets/ticket.schema.ts';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import { ProblemError } from '../../lib/api/problem';
import type { paths } from '../../lib/api/schema';
import type { TicketsFilter } from './queues';

export { useOwners } from '../../lib/owners';
export { useTeams } from '../../lib/teams';

export type Ticket = paths['/tickets/{ticketId}']['get']['responses'][200]['content']['application/json'];
export type TicketMessage =
  paths['/tickets/{ticketId}/messages']['get']['responses'][200]['content']['application/json']['items'][number];

/** Every query of the feature starts with 'tickets', keyed by the API route it reads. */
export const ticketKeys = {
  all: ['tickets'] as const,
  statuses: ['tickets', 'statuses'] as const,
  list: (filter: TicketsFilter, cursor: string | undefined) => ['tickets', 'list', filter, cursor ?? ''] as const,
  ticket: (ticketId: string) => ['tickets', 'ticket', ticketId] as const,
  messages: (ticketId: string) => ['tickets', 'ticket', ticketId, 'messages'] as const,
  history: (ticketId: string) => ['tickets', 'ticket', ticketId, 'history'] as const,
  contact: (contactId: string) => ['tickets', 'contact', contactId] as const,
  search: (q: string) => ['tickets', 'contact-search', q] as const,
};

export const queuePageSize = 25;
const messagePageSize = 50;

/** The status pipeline (GET /tickets/statuses): names and kinds, in board order. */
export function useTicketStatuses() {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.statuses,
    queryFn: async () => dataOf(await api.GET('/tickets/statuses')).statuses,
    staleTime: 300_000,
  });
}

/** One page of a queue (GET /tickets with the queue's one filter), the page before kept on screen while the next loads. */
export function useTicketQueue(filter: TicketsFilter | undefined, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.list(filter ?? {}, cursor),
    queryFn: async () =>
      dataOf(
        await api.GET('/tickets', {
          params: { query: { ...filter, limit: queuePageSize, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    enabled: filter !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** The ticket with this number, if any (GET /tickets?number=). */
export function useFindTicketByNumber() {
  const api = useApi();
  return useMutation({
    mutationFn: async (number: number) => dataOf(await api.GET('/tickets', { params: { query: { number } } })).items[0],
  });
}

export function useTicket(ticketId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.ticket(ticketId),
    queryFn: async () => dataOf(await api.GET('/tickets/{ticketId}', { params: { path: { ticketId } } })),
  });
}

/**
 * The conversation, oldest first. The API pages it oldest first too, so every page is read (one request per 50
 * messages) and the newest message is always on screen under the composer.
 */
export function useTicketMessages(ticketId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.messages(ticketId),
    queryFn: async ({ signal }) => {
      const messages: TicketMessage[] = [];
      let cursor: string | undefined;
      do {
        const page = dataOf(
          await api.GET('/tickets/{ticketId}/messages', {
            params: { path: { ticketId }, query: { limit: messagePageSize, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        messages.push(...page.items);
        cursor = page.nextCursor || undefined;
      } while (cursor);
      return messages;
    },
  });
}

export function useTicketHistory(ticketId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.history(ticketId),
    queryFn: async () => dataOf(await api.GET('/tickets/{ticketId}/history', { params: { path: { ticketId } } })).items,
  });
}

/** Whether a write was refused because the ticket changed since the screen read it (If-Match, 412). */
export const isStale = (error: unknown): boolean => error instanceof ProblemError && error.status === 412;

/**
 * After a write: the ticket as the API answered it, then read again (for its SLA as of now), and the lists it may
 * have left or joined read again. After a
 * 412 (someone else changed it first), the ticket is read again, so the screen shows it as it is now, while the
 * reader's unsaved choice stays in its control to be sent again.
 */
function useTicketWrite<Variables>(ticketId: string, write: (variables: Variables) => Promise<Ticket>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async (ticket) => {
      // A write answers the ticket without its SLA reading (that is computed on reads): keep the one shown until
      // the ticket is read again just below.
      queryClient.setQueryData<Ticket>(ticketKeys.ticket(ticketId), (shown) => ({ ...ticket, sla: shown?.sla }));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(ticketId), exact: true }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.history(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['tickets', 'contact'] }),
      ]);
    },
    onError: async (error) => {
      if (isStale(error)) await queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(ticketId), exact: true });
    },
  });
}

/** POST /tickets/{id}/status with If-Match of the version the screen showed. */
export function useMoveTicket(ticketId: string) {
  const api = useApi();
  return useTicketWrite(ticketId, async ({ move, version }: { move: MoveTicketRequest; version: number }) =>
    dataOf(
      await api.POST('/tickets/{ticketId}/status', {
        params: { path: { ticketId } },
        headers: { 'if-match': `"${version}"` },
        body: move,
      }),
    ),
  );
}

/** PATCH /tickets/{id} (a merge patch of the fields changed) with If-Match of the version the screen showed. */
export function useUpdateTicket(ticketId: string) {
  const api = useApi();
  return useTicketWrite(ticketId, async ({ patch, version }: { patch: UpdateTicketRequest; version: number }) =>
    dataOf(
      await api.PATCH('/tickets/{ticketId}', {
        params: { path: { ticketId } },
        headers: { 'if-match': `"${version}"` },
        // null (unassign, no team) is what the merge patch means; the generated type has no null for them.
        body: patch as never,
      }),
    ),
  );
}

/** A reply, a logged customer message or an internal note; the conversation and the ticket are read again afterwards. */
export function useAddTicketMessage(ticketId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (message: AddTicketMessageRequest) =>
      dataOf(await api.POST('/tickets/{ticketId}/messages', { params: { path: { ticketId } }, body: message })),
    onSuccess: (message) => {
      queryClient.setQueryData<TicketMessage[]>(ticketKeys.messages(ticketId), (messages) =>
        messages ? [...messages.filter((each) => each.id !== message.id), message] : [message],
      );
      // The first answer also changes the ticket (its firstRespondedAt, a new version): read it again, or the next
      // move or edit would send a stale If-Match.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.messages(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(ticketId), exact: true }),
      ]);
    },
  });
}

/** Opens a ticket and, when the agent wrote down what the customer said, logs it as the first inbound message. */
export function useCreateTicket() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ request, firstMessage }: { request: CreateTicketRequest; firstMessage?: string }) => {
      const ticket = dataOf(await api.POST('/tickets', { body: request }));
      if (firstMessage)
        dataOf(
          await api.POST('/tickets/{ticketId}/messages', {
            params: { path: { ticketId: ticket.id } },
            body: { kind: 'inbound', body: firstMessage },
          }),
        );
      return ticket;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] }),
  });
}

export function useContact(contactId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.contact(contactId ?? ''),
    queryFn: async () =>
      dataOf(await api.GET('/contacts/{contactId}', { params: { path: { contactId: contactId ?? '' } } })),
    enabled: Boolean(contactId),
    staleTime: 60_000,
  });
}
export type TicketContact = NonNullable<ReturnType<typeof useContact>['data']>;

/**
 * The contacts of a page of tickets, one cached read each (there is no batch read of contacts by id); a contact
 * seen on another row or screen is not read again for a minute.
 */
export function useContacts(contactIds: readonly string[]) {
  const api = useApi();
  const unique = [...new Set(contactIds)];
  return useQueries({
    queries: unique.map((contactId) => ({
      queryKey: ticketKeys.contact(contactId),
      queryFn: async () => dataOf(await api.GET('/contacts/{contactId}', { params: { path: { contactId } } })),
      staleTime: 60_000,
    })),
    combine: (results) => {
      const byId = new Map<string, TicketContact>();
      for (const result of results) if (result.data) byId.set(result.data.id, result.data);
      return byId;
    },
  });
}

/** The quick find (an email, or the start of a name in any script), for picking the ticket's contact. */
export function useContactSearch(q: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ticketKeys.search(q),
    queryFn: async () => dataOf(await api.GET('/contacts/search', { params: { query: { q, limit: 10 } } })).items,
    enabled,
    staleTime: 5_000,
  });
}
