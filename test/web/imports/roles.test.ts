import { describe, expect, it } from 'vitest';
import { importRoutes } from '#functions/http/imports/import-routes.ts';
import { importRoles } from '../../../web/src/features/imports/roles.ts';

describe('who the console offers the import to', () => {
  it('is exactly who the import routes let in', () => {
    expect([...importRoles].sort()).toEqual([...importRoutes.importContacts.access].sort());
    expect([...importRoles].sort()).toEqual([...importRoutes.importCompanies.access].sort());
  });
});
