import type { Actor } from '../auth/actor.ts';
import { CreateCompanyRequest, type UpdateCompanyRequest } from '../companies/company.schema.ts';
import { createCompany, getCompany, updateCompany, type CompanyDeps } from '../companies/company.service.ts';
import { companyColumns } from './csv-columns.ts';
import { importRows, type UpsertOutcome } from './import-rows.ts';
import type { ImportRowsRequest } from './import.schema.ts';
import { mergeImported } from '../common/merge-rule.ts';

/** A company row must name its domain: it is how a re-run finds the company again instead of duplicating it. */
const ImportedCompany = CreateCompanyRequest.required({ domain: true });

/** Companies from CSV rows: created, or merged (shared merge rule) into the company with the same domain. */
export function importCompanyRows(deps: CompanyDeps, request: ImportRowsRequest, actor: Actor) {
  return importRows(request, companyColumns, ImportedCompany, async (incoming): Promise<UpsertOutcome> => {
    const existingId = await deps.companies.findIdByDomain(incoming.domain);
    if (!existingId) return { outcome: 'created', id: (await createCompany(deps, incoming, actor)).id };
    const existing = await getCompany(deps, existingId);
    const patch = mergeImported(existing, incoming, ['name', 'industry', 'size', 'country', 'annualRevenue']);
    if (!Object.keys(patch).length) return { outcome: 'unchanged', id: existing.id };
    await updateCompany(deps, existing.id, patch as UpdateCompanyRequest, actor, existing.version);
    return { outcome: 'updated', id: existing.id };
  });
}
