import type { Actor } from '../auth/actor.ts';
import { ownerForNewRecord, requireOwnershipForSales } from '../auth/policy.ts';
import { mergeKeys } from '../common/merge.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import { assertExpectedVersion } from '../common/guards.ts';
import type { AppContext } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { TransactionConditionFailed } from '../db/transactions.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import { Conflict, NotFound } from '../errors.ts';
import { applyMergePatch, stampNew } from '../versioned.ts';
import type { CompanyRepository } from './company.repository.ts';
import type { Company, CreateCompanyRequest, ListCompaniesQuery, UpdateCompanyRequest } from './company.schema.ts';

export interface CompanyDeps {
  companies: CompanyRepository;
  contacts: ContactRepository;
  deals: DealRepository;
  context: AppContext;
}

/** Creates a company; its domain (if any) is unique, and new contacts on that domain join it. */
export async function createCompany(deps: CompanyDeps, request: CreateCompanyRequest, actor: Actor): Promise<Company> {
  const ownerId = ownerForNewRecord(actor, request.ownerId, 'companies');
  const company = stampNew({ ...request, ownerId }, deps.context);
  await save(deps, () => deps.companies.create(company), company);
  return company;
}

export async function getCompany(deps: Pick<CompanyDeps, 'companies'>, companyId: string): Promise<Company> {
  const company = await deps.companies.get(companyId);
  if (!company) throw new NotFound(`There is no company ${companyId}.`);
  return company;
}

export async function updateCompany(
  deps: CompanyDeps,
  companyId: string,
  patch: UpdateCompanyRequest,
  actor: Actor,
  expectedVersion?: number,
): Promise<Company> {
  const before = await getCompany(deps, companyId);
  assertExpectedVersion(before, expectedVersion, 'company');
  const { customFields, ...rest } = patch;
  const merged = customFields ? { ...rest, customFields: mergeKeys(before.customFields, customFields) } : rest;
  const { after, changedFields } = applyMergePatch(before, merged, deps.context);
  requireOwnershipForSales(actor.principal, actor.ownerId, [before.ownerId, after.ownerId], 'companies');
  if (changedFields.length === 0) return before;
  await save(deps, () => deps.companies.update(before, after), after);
  return after;
}

/** Deletes a company that has no contacts and no deals left (move or delete those first). */
export async function deleteCompany(deps: CompanyDeps, companyId: string, expectedVersion?: number): Promise<void> {
  const company = await getCompany(deps, companyId);
  assertExpectedVersion(company, expectedVersion, 'company');
  const [contacts, deals] = await Promise.all([
    deps.contacts.listByCompany(companyId, 1),
    deps.deals.listByCompany(companyId, 1),
  ]);
  if (contacts.items.length > 0 || deals.items.length > 0) {
    throw new Conflict('The company still has contacts or deals; move or delete them first.', {
      hasContacts: contacts.items.length > 0,
      hasDeals: deals.items.length > 0,
    });
  }
  await save(deps, () => deps.companies.delete(company), company);
}

export function listCompanies(deps: Pick<CompanyDeps, 'companies'>, query: ListCompaniesQuery): Promise<Page<Company>> {
  return query.ownerId
    ? deps.companies.listByOwner(query.ownerId, query.limit, query.cursor)
    : deps.companies.listAll(query.limit, query.cursor);
}

async function save(deps: CompanyDeps, write: () => Promise<void>, company: Company): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof TransactionConditionFailed)) throw error;
    const holder = company.domain ? await deps.companies.findIdByDomain(company.domain) : undefined;
    if (holder && holder !== company.id)
      throw new Conflict('Another company has this domain.', { existingCompanyId: holder });
    throw new Conflict(`Company ${company.id} was changed by another request; re-read it and try again.`);
  }
}
