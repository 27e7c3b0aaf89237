import { handler as importCompanies } from './import-companies.ts';
import { handler as importContacts } from './import-contacts.ts';
import { routeGroup } from '../kit/route-group.ts';
import { importRoutes } from './import-routes.ts';

/** The Lambda behind every imports route (see routeGroup). */
export const handler = routeGroup([
  [importRoutes.importContacts, importContacts],
  [importRoutes.importCompanies, importCompanies],
]);
