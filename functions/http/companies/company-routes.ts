import {
  Company,
  CompanyId,
  CreateCompanyRequest,
  ListCompaniesQuery,
  UpdateCompanyRequest,
} from '#shared/companies/company.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const CompanyPage = pageOf(Company);
const tag = 'Companies';

export const companyRoutes = {
  createCompany: defineRoute({
    name: 'CreateCompany',
    method: 'POST',
    path: '/companies',
    entry: 'functions/http/companies/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Create a company (domain unique; new contacts on the domain join it)',
    request: { body: CreateCompanyRequest },
    responses: {
      201: { description: 'Created', body: Company },
      400: problems[400],
      403: problems[403],
      409: problems[409],
    },
  }),
  listCompanies: defineRoute({
    name: 'ListCompanies',
    method: 'GET',
    path: '/companies',
    entry: 'functions/http/companies/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary:
      'List companies alphabetically, optionally by owner (contacts: GET /contacts?companyId=, deals: GET /deals?companyId=)',
    request: { query: ListCompaniesQuery },
    responses: { 200: { description: 'A page of companies', body: CompanyPage }, 400: problems[400] },
  }),
  getCompany: defineRoute({
    name: 'GetCompany',
    method: 'GET',
    path: '/companies/{companyId}',
    entry: 'functions/http/companies/index.ts',
    access: access.customerRecords,
    tableAccess: 'read',
    tag,
    summary: 'Read a company',
    request: { path: CompanyId },
    responses: { 200: { description: 'The company', body: Company }, 404: problems[404] },
  }),
  updateCompany: defineRoute({
    name: 'UpdateCompany',
    method: 'PATCH',
    path: '/companies/{companyId}',
    entry: 'functions/http/companies/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a company with a JSON Merge Patch',
    request: { path: CompanyId, body: UpdateCompanyRequest },
    responses: {
      200: { description: 'The updated company', body: Company },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  deleteCompany: defineRoute({
    name: 'DeleteCompany',
    method: 'DELETE',
    path: '/companies/{companyId}',
    entry: 'functions/http/companies/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary: 'Delete a company that has no contacts or deals',
    request: { path: CompanyId },
    responses: {
      204: { description: 'Deleted' },
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
};
