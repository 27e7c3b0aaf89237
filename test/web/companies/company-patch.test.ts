import { describe, expect, it } from 'vitest';
import { UpdateCompanyRequest } from '#shared/companies/company.schema.ts';
import { companyPatchOf, formValuesOf } from '../../../web/src/features/companies/company-patch.ts';

const company = { name: 'Nordlicht GmbH', domain: 'nordlicht.de', industry: 'Energy', annualRevenue: 1200000 };

describe('the company edit form', () => {
  it('sends a merge patch of only what changed, with emptied fields cleared (null)', () => {
    const values = formValuesOf(company);
    expect(values.annualRevenue).toBe('1200000');
    expect(companyPatchOf(company, values)).toEqual({});
    const patch = companyPatchOf(company, { ...values, industry: '', annualRevenue: '۱۵۰۰۰۰۰', country: 'DE' });
    expect(patch).toEqual({ industry: null, annualRevenue: '۱۵۰۰۰۰۰', country: 'DE' });
    expect(UpdateCompanyRequest.parse(patch)).toEqual({ industry: null, annualRevenue: 1500000, country: 'DE' });
  });

  it("lets the API's schema refuse a name emptied (a company keeps a name)", () => {
    const patch = companyPatchOf(company, { ...formValuesOf(company), name: ' ' });
    expect(patch).toEqual({ name: null });
    expect(UpdateCompanyRequest.safeParse(patch).success).toBe(false);
  });
});
