import type * as z from 'zod';
import type { Actor } from '../auth/actor.ts';
import { CreateCompanyRequest, type UpdateCompanyRequest } from '../companies/company.schema.ts';
import { createCompany, getCompany, updateCompany, type CompanyDeps } from '../companies/company.service.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import { importRows, type UpsertOutcome } from './import-rows.ts';
import type { ImportRowsRequest, ImportRowsResponse } from './import.schema.ts';
import { mergeImported } from '../common/merge-rule.ts';
import { OwnerDirectory } from './owner-directory.ts';

/** A company row must name its domain: it is how a re-run finds the company again instead of duplicating it. */
const ImportedCompany = CreateCompanyRequest.required({ domain: true });
type ImportedCompany = z.infer<typeof ImportedCompany>;

const mergedFields = ['name', 'industry', 'size', 'country', 'annualRevenue'] as const;

/**
 * Companies from CSV rows: created, or merged (shared merge rule) into the company with the same
 * domain. A dry run reads but never writes (duplicates within one request show as merges).
 */
export function importCompanyRows(
  deps: CompanyDeps & { owners: OwnerRepository },
  request: ImportRowsRequest,
  actor: Actor,
): Promise<ImportRowsResponse> {
  const simulated = new Map<string, ImportedCompany>();
  return importRows(
    { context: deps.context, ownerDirectory: new OwnerDirectory(deps.owners) },
    request,
    'companies',
    ImportedCompany,
    async (incoming, dryRun): Promise<UpsertOutcome> => {
      const simulatedCompany = dryRun ? simulated.get(incoming.domain) : undefined;
      const existingId = simulatedCompany ? undefined : await deps.companies.findIdByDomain(incoming.domain);
      if (dryRun) {
        const existing = simulatedCompany ?? (existingId ? await getCompany(deps, existingId) : undefined);
        const id = existingId ? { id: existingId } : {};
        if (!existing) {
          simulated.set(incoming.domain, incoming);
          return { outcome: 'created' };
        }
        const patch = mergeImported(existing, incoming, [...mergedFields]) as Partial<ImportedCompany>;
        if (!Object.keys(patch).length) return { outcome: 'unchanged', ...id };
        const customFields = { ...existing.customFields, ...patch.customFields };
        simulated.set(incoming.domain, { ...existing, ...patch, domain: incoming.domain, customFields });
        return { outcome: 'updated', ...id };
      }
      if (!existingId) return { outcome: 'created', id: (await createCompany(deps, incoming, actor)).id };
      const existing = await getCompany(deps, existingId);
      const patch = mergeImported(existing, incoming, [...mergedFields]);
      if (!Object.keys(patch).length) return { outcome: 'unchanged', id: existing.id };
      await updateCompany(deps, existing.id, patch as UpdateCompanyRequest, actor, existing.version);
      return { outcome: 'updated', id: existing.id };
    },
  );
}
