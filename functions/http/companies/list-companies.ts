import { listCompanies } from '#shared/companies/company.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { companyRoutes } from './company-routes.ts';

export const handler = httpHandler(companyRoutes.listCompanies, async ({ query }) => {
  return json(200, await listCompanies(deps(), query));
});
