import type { Role } from '#shared/auth/principal.ts';

/**
 * Who may import: the roles `POST /imports/contacts` and `/imports/companies` allow (access.marketing in
 * the route table). The navigation and the screen offer the import only to them; the API still checks.
 */
export const importRoles: readonly Role[] = ['admin', 'marketing'];
