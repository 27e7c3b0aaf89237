import { getCompany } from '#shared/companies/company.service.ts';
import { deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { companyRoutes } from './company-routes.ts';

export const handler = httpHandler(companyRoutes.getCompany, async ({ path }) => {
  const company = await getCompany(deps(), path.companyId);
  return json(200, company, { etag: etagOf(company) });
});
