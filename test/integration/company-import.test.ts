import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { importCompanyRows } from '#shared/imports/company-import.service.ts';
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
});
