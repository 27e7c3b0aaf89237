import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../local/handler-loader.ts';
import { writeContactsCsv } from '../support/csv-fixtures.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack()), 60_000);
afterAll(async () => void (await stack?.stop()));

const runImport = async (file: string, report: string, type = 'contacts') => {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'cli/import.ts', file, '--type', type, '--api', stack.apiUrl, '--report', report],
    {
      cwd: repositoryRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 240_000,
    },
  );
  return { output: stdout + stderr, report: JSON.parse(readFileSync(report, 'utf8')) };
};

describe('npm run import against the local stack', () => {
  it('imports 10,000 rows with 5% bad and 10% duplicates exactly, and a re-run changes nothing', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'relay-import-'));
    const csv = join(directory, 'contacts.csv');
    const expected = writeContactsCsv(csv, 10_000);
    expect(expected).toEqual({ created: 8500, updated: 500, unchanged: 500, rejected: 500 });

    const first = await runImport(csv, join(directory, 'first.json'));
    expect(first.report).toMatchObject({ rows: 10_000, ...expected, ignoredColumns: ['Favourite Colour'] });
    expect(first.output).toMatch(/Importing \[.*\] 100%/);
    expect(first.output).toContain('10000 rows: 8500 created, 500 updated, 500 unchanged, 500 rejected');
    expect(first.report.rejectedRows[0]).toEqual({
      row: 9,
      outcome: 'rejected',
      errors: expect.arrayContaining([{ pointer: '/email', message: 'Invalid email address' }]),
    });

    const sample = await stack.api(
      'GET',
      `/contacts/${(await stack.api('GET', '/contacts?limit=1')).json.items[0].id}`,
    );
    expect(sample.json.tags).toContain('import');

    const second = await runImport(csv, join(directory, 'second.json'));
    expect(second.report).toMatchObject({ rows: 10_000, created: 0, updated: 0, unchanged: 9500, rejected: 500 });

    const segment = await stack.api('POST', '/segments', { name: 'Imported', filter: { tagsAny: ['import'] } });
    expect((await stack.api('GET', `/segments/${segment.json.id}/count`)).json.count).toBe(8500);
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
