import { createCompany } from '#shared/companies/company.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf } from '../kit/versioning.ts';
import { companyRoutes } from './company-routes.ts';

export const handler = httpHandler(companyRoutes.createCompany, async ({ body, principal }) => {
  const company = await createCompany(deps(), body, await actorFor(principal));
  return json(201, company, { location: `/companies/${company.id}`, etag: etagOf(company) });
});
