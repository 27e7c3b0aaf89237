import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvBatches, type CsvRow } from '../../cli/csv-batches.ts';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { normaliseEmail } from '#shared/contacts/email.ts';
import { importContactRows } from '#shared/imports/contact-import.service.ts';
import { CreateOwnerRequest } from '#shared/owners/owner.schema.ts';
import { createOwner } from '#shared/owners/owner.service.ts';
import { anAdmin } from '../support/builders.ts';
import { crmExports, fixtureOwners, mauticContactExport, type CrmExportFixture } from '../support/csv-fixtures.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: Dependencies;
const ownerIds = new Map<string, string>();
beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  for (const owner of fixtureOwners)
    ownerIds.set(owner.email, (await createOwner(deps, CreateOwnerRequest.parse(owner))).id);
});

/** The file's rows exactly as `npm run import` reads them (csv-parse, BOM and CRLF handled). */
async function rowsOf(csv: string): Promise<CsvRow[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'relay-crm-import-')), 'export.csv');
  writeFileSync(path, csv);
  const rows: CsvRow[] = [];
  for await (const batch of csvBatches(path, 100, () => {})) rows.push(...batch);
  return rows;
}

const itemCount = async () => {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ExclusiveStartKey }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
};

/** importContactRows, sending deferred rows again as the CLI does (a loaded machine can defer some). */
async function importAll(
  request: Parameters<typeof importContactRows>[1],
  using: Dependencies = deps,
): Promise<Awaited<ReturnType<typeof importContactRows>>> {
  const response = await importContactRows(using, request, anAdmin());
  const deferred = new Set(response.results.filter((r) => r.outcome === 'deferred').map((r) => r.row));
  if (!deferred.size) return response;
  const rest = await importAll({ ...request, rows: request.rows.filter((r) => deferred.has(r.row)) }, using);
  return { ...response, results: [...response.results.filter((r) => !deferred.has(r.row)), ...rest.results] };
}

const contactByEmail = async (email: string) => {
  const id = await deps.contacts.findIdByEmail(normaliseEmail(email));
  return id ? deps.contacts.get(id) : undefined;
};

describe.each(Object.entries(crmExports) as [keyof typeof crmExports, CrmExportFixture][])(
  'a %s contacts export',
  (crm, fixture) => {
    it('is recognised, and a dry run reports what would happen without writing anything', async () => {
      const rows = await rowsOf(fixture.csv);
      expect(rows).toHaveLength(fixture.rows);
      const before = await itemCount();
      const preview = await importAll({ rows, dryRun: true });
      expect(await itemCount()).toBe(before);
      expect(preview).toMatchObject({ source: crm, dryRun: true });
      expect(preview.results.map((r) => r.outcome)).toEqual(preview.results.map(() => 'created'));
    });

    it('imports with no valid row rejected, keeping stages, owners, countries and creation dates', async () => {
      const { results, source } = await importAll({ rows: await rowsOf(fixture.csv) });
      expect(source).toBe(crm);
      // No valid row is refused, the Persian-digit phone's included.
      expect(results.filter((r) => r.outcome === 'rejected')).toEqual([]);
      expect(results.filter((r) => r.outcome === 'created')).toHaveLength(fixture.rows);

      for (const line of fixture.unknownOwnerLines)
        expect(results.find((r) => r.row === line)?.warnings).toEqual([
          { pointer: '/ownerId', message: expect.stringContaining('imported without an owner') },
        ]);
      for (const [email, { owner, ...fields }] of Object.entries(fixture.expected)) {
        const contact = await contactByEmail(email);
        const line = results.find((r) => r.id && r.id === contact?.id)?.row;
        expect(contact, email).toMatchObject(fields);
        expect(contact?.ownerId, email).toBe(owner ? ownerIds.get(owner as string) : undefined);
        expect(line).toBeDefined();
      }
    });

    it('imports the Persian-digit phone row too, its phone normalised to E.164', async () => {
      const rows = (await rowsOf(fixture.csv)).filter((r) => r.row === fixture.persianPhoneLine);
      const { results } = await importAll({ rows, dryRun: true });
      expect(results.map((r) => r.outcome)).not.toContain('rejected');
    });

    it('re-imports as a no-op', async () => {
      const { results } = await importAll({ rows: await rowsOf(fixture.csv) });
      expect(results.map((r) => r.outcome)).toEqual(results.map(() => 'unchanged'));
    });
  },
);

describe('a request that runs out of time', () => {
  it('hands back, untouched, the rows it had no time for (deferred), so no batch is cut off half-written', async () => {
    let clock = Date.parse('2026-03-01T00:00:00.000Z');
    const slow = buildDependencies(table, { ...systemContext, now: () => new Date((clock += 11_000)) });
    const emails = ['first@slow-import.example', 'second@slow-import.example', 'third@slow-import.example'];
    const rows = emails.map((email, i) => ({ row: i + 2, fields: { Email: email } }));
    const { results } = await importContactRows(slow, { rows }, anAdmin());
    expect(results.map((r) => r.outcome)).toEqual(['created', 'deferred', 'deferred']);
    expect(await contactByEmail(emails[1] as string)).toBeUndefined();
    expect(await contactByEmail(emails[2] as string)).toBeUndefined();
  });
});

describe("Mautic's own contacts export (profile fields and the stage, quoted, with a BOM)", () => {
  it('imports every row, taking the position as the job title and never the salutation', async () => {
    const rows = await rowsOf(mauticContactExport.csv);
    expect(rows).toHaveLength(mauticContactExport.rows);
    const { results, source } = await importAll({ rows });
    expect(source).toBe('mautic');
    expect(results.map((r) => r.outcome)).toEqual(rows.map(() => 'created'));
    for (const [email, fields] of Object.entries(mauticContactExport.expected))
      expect(await contactByEmail(email), email).toMatchObject(fields);
    expect((await contactByEmail('lee@mt-export.example'))?.jobTitle).toBeUndefined();
  });
});
