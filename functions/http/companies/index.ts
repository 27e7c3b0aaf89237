import { handler as createCompany } from './create-company.ts';
import { handler as deleteCompany } from './delete-company.ts';
import { handler as getCompany } from './get-company.ts';
import { handler as listCompanies } from './list-companies.ts';
import { handler as updateCompany } from './update-company.ts';
import { routeGroup } from '../kit/route-group.ts';
import { companyRoutes } from './company-routes.ts';

/** The Lambda behind every companies route (see routeGroup). */
export const handler = routeGroup([
  [companyRoutes.createCompany, createCompany],
  [companyRoutes.listCompanies, listCompanies],
  [companyRoutes.getCompany, getCompany],
  [companyRoutes.updateCompany, updateCompany],
  [companyRoutes.deleteCompany, deleteCompany],
]);
