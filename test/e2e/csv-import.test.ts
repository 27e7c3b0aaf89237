import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../local/handler-loader.ts';
import { crmNames } from '#shared/imports/crm-formats.ts';
import { crmExports, fixtureOwners, writeContactsCsv } from '../support/csv-fixtures.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(async () => void (await stack?.stop()));

const runImport = async (file: string, report: string, type = 'contacts', ...options: string[]) => {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'cli/import.ts', file, '--type', type, '--api', stack.apiUrl, '--report', report, ...options],
    {
      cwd: repositoryRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 240_000,
    },
  );
  return { output: stdout + stderr, report: JSON.parse(readFileSync(report, 'utf8')) };
};

describe('npm run import against the local stack', () => {
  it('imports 1,000 rows with 5% bad and 10% duplicates exactly, and a re-run changes nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'relay-import-'));
    const csv = join(directory, 'contacts.csv');
    const expected = writeContactsCsv(csv, 1_000);
    expect(expected).toEqual({ created: 850, updated: 50, unchanged: 50, rejected: 50 });

    const dryRun = await runImport(csv, join(directory, 'dry-run.json'), 'contacts', '--dry-run');
    expect(dryRun.report).toMatchObject({ dryRun: true, rows: 1_000, ...expected });
    expect(dryRun.output).toContain('Dry run, nothing written: 1000 rows: 850 created, 50 updated');

    const first = await runImport(csv, join(directory, 'first.json'));
    expect(first.report).toMatchObject({ rows: 1_000, ...expected, ignoredColumns: ['Favourite Colour'] });
    expect(first.output).toMatch(/Importing \[.*\] 100%/);
    expect(first.output).toContain('1000 rows: 850 created, 50 updated, 50 unchanged, 50 rejected');
    expect(first.report.rejectedRows[0]).toEqual({
      row: 9,
      outcome: 'rejected',
      errors: expect.arrayContaining([
        { pointer: '/email', message: 'must be an address such as name@example.com or info@شرکت.ایران' },
      ]),
    });

    const sample = await stack.api(
      'GET',
      `/contacts/${(await stack.api('GET', '/contacts?limit=1')).json.items[0].id}`,
    );
    expect(sample.json.tags).toContain('import');

    const second = await runImport(csv, join(directory, 'second.json'));
    expect(second.report).toMatchObject({ rows: 1_000, created: 0, updated: 0, unchanged: 950, rejected: 50 });

    const segment = await stack.api('POST', '/segments', { name: 'Imported', filter: { tagsAny: ['import'] } });
    expect((await stack.api('GET', `/segments/${segment.json.id}/count`)).json.count).toBe(850);
  }, 300_000);

  it('imports companies with --type companies, merging by domain', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'relay-import-'));
    const csv = join(directory, 'companies.csv');
    writeFileSync(
      csv,
      'Company,Website,Industry,Employees\nHooli,https://hooli.example,Tech,5001+\nHooli,hooli.example,,\nNameless,,,\n',
    );
    const { report } = await runImport(csv, join(directory, 'companies.json'), 'companies');
    expect(report).toMatchObject({ rows: 3, created: 1, unchanged: 1, rejected: 1 });
    const companies = await stack.api('GET', '/companies?limit=100');
    expect(companies.json.items.find((c: { domain: string }) => c.domain === 'hooli.example')).toMatchObject({
      name: 'Hooli',
      industry: 'Tech',
      size: '5001+',
    });
  });
});

/** The table's item count once the stack has finished the work earlier tests left (events, KPIs, outbox). */
const settledItemCount = async () => {
  let previous = -1;
  for (let attempt = 0; attempt < 60; attempt++) {
    const count = await itemCount();
    if (count === previous) return count;
    previous = count;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error('The table never stopped changing');
};

const itemCount = async () => {
  const db = new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint });
  let count = 0;
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: stack.tableName, Select: 'COUNT', ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return count;
};

describe('moving in from another CRM with npm run import', () => {
  beforeAll(async () => {
    for (const owner of fixtureOwners) expect((await stack.api('POST', '/owners', owner)).status).toBe(201);
  });

  it.each(Object.keys(crmExports) as (keyof typeof crmExports)[])(
    'previews a %s export with --dry-run, writing nothing, then imports it with no valid row rejected',
    async (crm) => {
      const fixture = crmExports[crm];
      const directory = mkdtempSync(join(tmpdir(), 'relay-import-'));
      const csv = join(directory, `${crm}-contacts.csv`);
      writeFileSync(csv, fixture.csv);
      const before = await settledItemCount();
      const preview = await runImport(csv, join(directory, 'preview.json'), 'contacts', '--dry-run');
      expect(await itemCount()).toBe(before);
      expect(preview.report).toMatchObject({ dryRun: true, source: crm, rows: fixture.rows, updated: 0, unchanged: 0 });
      expect(preview.output).toContain(`Read as a ${crmNames[crm]} export.`);

      const { report, output } = await runImport(csv, join(directory, 'import.json'));
      expect(report).toMatchObject({ dryRun: false, source: crm, rows: fixture.rows });
      // No valid row is refused, the Persian-digit phone's included.
      expect(report.rejectedRows).toEqual([]);
      expect(report).toMatchObject({ created: preview.report.created, rejected: preview.report.rejected });
      expect(report.rowsWithWarnings.map((r: { row: number }) => r.row)).toEqual(
        expect.arrayContaining(fixture.unknownOwnerLines),
      );
      expect(output).toContain('imported without an owner');
    },
    120_000,
  );

  it('takes a --map file for the columns and stages the built-in knowledge misses', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'relay-import-'));
    const csv = join(directory, 'legacy.csv');
    writeFileSync(
      csv,
      'Work Mail,Given,Pipeline Phase,Rep,Signed Up,Fax\nmapped@legacy-crm.example,Shirin,Hot Prospect,Margaret Hamilton,05/03/2024,123\n',
    );
    const mapFile = join(directory, 'map.yaml');
    writeFileSync(
      mapFile,
      [
        'dateOrder: day-first',
        'columns:',
        '  Work Mail: email',
        '  Given: firstName',
        '  Pipeline Phase: lifecycleStage',
        '  Rep: owner',
        '  Signed Up: originalCreatedAt',
        '  Fax: custom.fax',
        'stages:',
        '  Hot Prospect: sql',
      ].join('\n'),
    );
    const { report } = await runImport(csv, join(directory, 'map.json'), 'contacts', '--map', mapFile);
    expect(report).toMatchObject({ rows: 1, created: 1, rejected: 0, ignoredColumns: [] });
    const id = (await stack.api('GET', '/contacts?limit=100')).json.items.find(
      (c: { email: string }) => c.email === 'mapped@legacy-crm.example',
    ).id;
    const contact = (await stack.api('GET', `/contacts/${id}`)).json;
    const margaret = (await stack.api('GET', '/owners?limit=100')).json.items.find(
      (o: { email: string }) => o.email === fixtureOwners[0].email,
    );
    expect(contact).toMatchObject({
      firstName: 'Shirin',
      lifecycleStage: 'sql',
      ownerId: margaret.id,
      originalCreatedAt: '2024-03-05T00:00:00.000Z',
      customFields: { fax: '123' },
    });

    const badMap = join(directory, 'bad-map.yaml');
    writeFileSync(badMap, 'columns:\n  Work Mail: mail\n');
    const failed = await runImport(csv, join(directory, 'bad.json'), 'contacts', '--map', badMap).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('"mail" is not a contacts field') });
  }, 120_000);
});
