export { useOwners } from '../../lib/owners';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf } from '../../lib/api/client';
import { useApi } from '../../lib/api/context';
import type { operations } from '../../lib/api/schema';

type Json<
  O extends keyof operations,
  S extends keyof operations[O]['responses'],
> = operations[O]['responses'][S] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

export type Company = Json<'GetCompany', 200>;
export type CompanyPatch = operations['UpdateCompany']['requestBody']['content']['application/json'];
export type Owner = Json<'ListOwners', 200>['items'][number];
export type Contact = Json<'ListContacts', 200>['items'][number];
export type Deal = Json<'ListDeals', 200>['items'][number];

const page = (limit: number, cursor: string | undefined) => ({ limit, ...(cursor ? { cursor } : {}) });

export function useCompaniesPage(ownerId: string | undefined, limit: number, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'list', { ownerId, limit, cursor }],
    queryFn: async () =>
      dataOf(
        await api.GET('/companies', { params: { query: { ...(ownerId ? { ownerId } : {}), ...page(limit, cursor) } } }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCompany(companyId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'record', companyId],
    queryFn: async () => dataOf(await api.GET('/companies/{companyId}', { params: { path: { companyId } } })),
  });
}

/** A merge patch sent with If-Match: the version the screen showed. A 412 means someone else changed it first. */
export function useUpdateCompany(companyId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ patch, version }: { patch: CompanyPatch; version: number }) =>
      dataOf(
        await api.PATCH('/companies/{companyId}', {
          params: { path: { companyId } },
          body: patch,
          headers: { 'if-match': `"${version}"` },
        }),
      ),
    onSuccess: (company) => {
      queryClient.setQueryData(['companies', 'record', companyId], company);
      void queryClient.invalidateQueries({ queryKey: ['companies', 'list'] });
    },
  });
}

export function useCompanyContacts(companyId: string, limit: number, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'contacts', companyId, limit, cursor],
    queryFn: async () =>
      dataOf(await api.GET('/contacts', { params: { query: { companyId, ...page(limit, cursor) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCompanyDeals(companyId: string, limit: number, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['companies', 'deals', companyId, limit, cursor],
    queryFn: async () => dataOf(await api.GET('/deals', { params: { query: { companyId, ...page(limit, cursor) } } })),
    placeholderData: keepPreviousData,
  });
}
