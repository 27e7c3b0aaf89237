import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { importCompanyRows } from '#shared/imports/company-import.service.ts';
import { CreateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { anAdmin } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
beforeAll(async () => void (deps = buildDependencies(await createTestTable(), systemContext)));

const rows = (records: Record<string, string>[]) => ({ rows: records.map((fields, i) => ({ row: i + 2, fields })) });

describe('company import', () => {
  it('creates, merges by domain, rejects rows without a domain, and re-runs as a no-op', async () => {
    const file = rows([
      { Name: 'Acme', Website: 'https://www.acme-import.example', Industry: 'Tools', Tags: 'partner' },
      { Name: 'Acme', Website: 'acme-import.example', 'Annual Revenue': '2000000', Tags: 'partner;enterprise' },
      { Name: 'No Domain Ltd', Website: '' },
      { Name: 'Bad Size', Website: 'badsize.example', Size: 'huge' },
    ]);
    const first = await importCompanyRows(deps, file, anAdmin());
    expect(first.results.map((r) => r.outcome)).toEqual(['created', 'updated', 'rejected', 'rejected']);
    expect(first.results[2]?.errors).toEqual([{ pointer: '/domain', message: expect.any(String) }]);
    expect(first.results[3]?.errors?.[0]?.pointer).toBe('/size');
    const acme = await deps.companies.get(first.results[0]?.id as string);
    expect(acme).toMatchObject({
      name: 'Acme',
      domain: 'acme-import.example',
      industry: 'Tools',
      annualRevenue: 2_000_000,
      tags: ['partner', 'enterprise'],
    });

    const again = await importCompanyRows(deps, file, anAdmin());
    expect(again.results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'rejected', 'rejected']);
  });

  it('lets the later of two conflicting rows win (so such a file re-applies both on every run)', async () => {
    const file = rows([
      { Name: 'Initech', Domain: 'initech-import.example' },
      { Name: 'Initech LLC', Domain: 'initech-import.example' },
    ]);
    expect((await importCompanyRows(deps, file, anAdmin())).results.map((r) => r.outcome)).toEqual([
      'created',
      'updated',
    ]);
    const again = await importCompanyRows(deps, file, anAdmin());
    expect(again.results.map((r) => r.outcome)).toEqual(['updated', 'updated']);
    expect(await deps.companies.get(again.results[0]?.id as string)).toMatchObject({ name: 'Initech LLC' });
  });

  it('reads a HubSpot companies export: size bands from head counts, country names, owners by name, and a dry run first', async () => {
    const owner = await createOwner(
      deps,
      CreateOwnerRequest.parse({ name: 'Farhad Company Owner', email: 'farhad@relay-company-import.example' }),
    );
    const file = rows([
      {
        'Record ID': '9001',
        'Company name': 'شرکت نمونه',
        'Company Domain Name': 'namoone-import.example',
        Industry: 'Software',
        'Number of Employees': '250',
        'Annual Revenue': '1,500,000',
        'Country/Region': 'Iran',
        'Company owner': 'Farhad Company Owner',
        'Create Date': '2021-04-01 10:00',
      },
      {
        'Record ID': '9002',
        'Company name': 'Gone Owner GmbH',
        'Company Domain Name': 'gone-owner-import.example',
        Industry: '',
        'Number of Employees': '12',
        'Annual Revenue': '',
        'Country/Region': 'Germany',
        'Company owner': 'Nobody Here',
        'Create Date': '2020-01-01 00:00',
      },
    ]);
    const preview = await importCompanyRows(deps, { ...file, dryRun: true }, anAdmin());
    expect(preview).toMatchObject({ source: 'hubspot', dryRun: true });
    expect(preview.results.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(await deps.companies.findIdByDomain('namoone-import.example')).toBeUndefined();

    const { results } = await importCompanyRows(deps, file, anAdmin());
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(results[1]?.warnings).toEqual([{ pointer: '/ownerId', message: expect.stringContaining('"Nobody Here"') }]);
    expect(await deps.companies.get(results[0]?.id as string)).toMatchObject({
      name: 'شرکت نمونه',
      size: '201-500',
      annualRevenue: 1_500_000,
      country: 'IR',
      ownerId: owner.id,
    });
    expect(await deps.companies.get(results[1]?.id as string)).toMatchObject({ size: '11-50', country: 'DE' });
    expect((await deps.companies.get(results[1]?.id as string))?.ownerId).toBeUndefined();
    const again = await importCompanyRows(deps, { ...file, dryRun: true }, anAdmin());
    expect(again.results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
  });
});
