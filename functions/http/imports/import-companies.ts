import { importCompanyRows } from '#shared/imports/company-import.service.ts';
import { actorFor, deps } from '../../dependencies.ts';
import { httpHandler, json } from '../kit/http-handler.ts';
import { importRoutes } from './import-routes.ts';

export const handler = httpHandler(importRoutes.importCompanies, async ({ body, principal }) =>
  json(200, await importCompanyRows(deps(), body, await actorFor(principal))),
);
