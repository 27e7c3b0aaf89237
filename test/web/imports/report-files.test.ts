import { describe, expect, it } from 'vitest';
import { suggestColumns } from '#shared/imports/csv-mapping.ts';
import { ImportReport } from '#shared/imports/import-report.ts';
import { previewRow } from '../../../web/src/features/imports/row-preview.ts';
import {
  csvCell,
  recordKeyOf,
  reportCsv,
  reportJson,
  type ImportOutcome,
} from '../../../web/src/features/imports/report-files.ts';

const now = '2026-06-01T00:00:00.000Z';

function anOutcome(): ImportOutcome {
  const report = new ImportReport(false);
  report.add({
    ignoredColumns: ['Fax'],
    columns: [],
    source: 'hubspot',
    dryRun: false,
    results: [
      { row: 4, outcome: 'rejected', errors: [{ pointer: '/email', message: 'must be an address, such as "a@b.c"' }] },
      { row: 2, outcome: 'created', id: '01J0000000000000000000000A' },
      {
        row: 3,
        outcome: 'created',
        id: '01J0000000000000000000000B',
        warnings: [{ pointer: '/ownerId', message: 'no owner "Former Rep": imported without an owner' }],
      },
      { row: 5, outcome: 'deferred' },
    ],
  });
  return { fileName: 'hubspot.csv', rowsInFile: 5, run: { status: 'cancelled', report } };
}

describe('the import report files', () => {
  it('lists rejected and warned rows as CSV, one line per reason, with the row’s email', () => {
    const emails = new Map([
      [3, 'maryam@hs-import.example'],
      [4, '=HYPERLINK("http://evil.example")'],
    ]);
    const csv = reportCsv(anOutcome(), (line) => emails.get(line) ?? '', 'email');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'line,outcome,email,field,reason',
      `4,rejected,"'=HYPERLINK(""http://evil.example"")",/email,"must be an address, such as ""a@b.c"""`,
      '3,created,maryam@hs-import.example,/ownerId,"no owner ""Former Rep"": imported without an owner"',
      '',
    ]);
  });

  it('writes the CLI’s --report document as JSON, with the file, the status and the rows not sent', () => {
    expect(JSON.parse(reportJson(anOutcome()))).toEqual({
      file: 'hubspot.csv',
      status: 'cancelled',
      rowsInFile: 5,
      rowsNotSent: 2,
      dryRun: false,
      source: 'hubspot',
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      ignoredColumns: ['Fax'],
      columns: [],
      rejectedRows: [expect.objectContaining({ row: 4 })],
      rowsWithWarnings: [expect.objectContaining({ row: 3 })],
    });
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+98 912')).toBe("'+98 912");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });
});

describe('what a row shows', () => {
  const plan = suggestColumns(
    [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Phone Number',
      'Lifecycle Stage',
      'Contact owner',
      'Country/Region',
      'custom.plan',
      'Tags',
    ],
    'contacts',
  );
  const fields = {
    'Record ID': '51234502',
    'First Name': 'مریم',
    'Last Name': 'میرزاخانی',
    Email: ' maryam@hs-import.example ',
    'Phone Number': '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹',
    'Lifecycle Stage': 'Sales Qualified Lead',
    'Contact owner': 'Katherine Johnson',
    'Country/Region': 'Iran',
    'custom.plan': 'growth',
    Tags: 'vip;webinar',
  };

  it('is the row as the API will map it: its email, its name, its other fields and the owner as written', () => {
    expect(plan.source).toBe('hubspot');
    expect(recordKeyOf(fields, plan)).toBe('maryam@hs-import.example');
    expect(previewRow(fields, plan, now)).toEqual({
      key: 'maryam@hs-import.example',
      name: 'مریم میرزاخانی',
      details: [
        { field: 'phone', value: '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹' },
        { field: 'lifecycleStage', value: 'sql' },
        { field: 'country', value: 'IR' },
        { field: 'tags', value: 'vip, webinar' },
        { field: 'custom.plan', value: 'growth' },
        { field: 'owner', value: 'Katherine Johnson' },
      ],
    });
  });

  it('is keyed by domain for companies', () => {
    const companies = suggestColumns(['Company', 'Website'], 'companies');
    expect(recordKeyOf({ Company: 'Hooli', Website: '' }, companies)).toBe('');
    expect(recordKeyOf({ Company: 'Hooli', Website: 'hooli.example' }, companies)).toBe('hooli.example');
    expect(previewRow({ Company: 'Hooli', Website: 'hooli.example' }, companies, now)).toEqual({
      key: 'hooli.example',
      name: 'Hooli',
      details: [],
    });
  });
});
