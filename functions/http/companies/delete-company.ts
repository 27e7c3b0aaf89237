import { deleteCompany } from '#shared/companies/company.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, noContent } from '../kit/http-handler.ts';
import { expectedVersionFrom } from '../kit/versioning.ts';
import { companyRoutes } from './company-routes.ts';

export const handler = httpHandler(companyRoutes.deleteCompany, async ({ path, event }) => {
  await deleteCompany(deps(), path.companyId, expectedVersionFrom(event));
  return noContent();
});
