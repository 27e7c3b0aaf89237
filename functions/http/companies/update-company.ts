import { updateCompany } from '#shared/companies/company.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { etagOf, expectedVersionFrom } from '../kit/versioning.ts';
import { companyRoutes } from './company-routes.ts';

export const handler = httpHandler(companyRoutes.updateCompany, async ({ path, body, principal, event }) => {
  const company = await updateCompany(
    deps(),
    path.companyId,
    body,
    await actorFor(principal),
    expectedVersionFrom(event),
  );
  return json(200, company, { etag: etagOf(company) });
});
