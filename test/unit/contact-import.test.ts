import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvBatches, type CsvRow } from '../../cli/csv-batches.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { ValidationFailed } from '#shared/errors.ts';
import { detectCrm, knownStage } from '#shared/imports/crm-formats.ts';
import { mapCsvRow, suggestColumns } from '#shared/imports/csv-mapping.ts';
import { importPatch } from '#shared/imports/contact-merge.ts';
import { readImportMapFile } from '#shared/imports/import-map-file.ts';
import { parseExportDate, readCompanySize, readCountry, readTimeZone } from '#shared/imports/import-values.ts';
import { aContact } from '../support/builders.ts';
import { crmExports, mauticContactExport } from '../support/csv-fixtures.ts';

const now = '2026-06-01T00:00:00.000Z';
const map = (record: Record<string, string>, entity: 'contacts' | 'companies' = 'contacts') =>
  mapCsvRow(record, suggestColumns(Object.keys(record), entity), now);

describe('mapCsvRow', () => {
  it('matches headers loosely, splits tags, fills custom fields and skips empty cells', () => {
    const { value, owners, warnings } = map({
      'E-Mail': ' ada@example.com ',
      'First Name': 'Ada',
      last_name: '',
      Country: 'gb',
      'Lifecycle Stage': 'MQL',
      Tags: 'vip; webinar ,',
      'custom.plan': 'growth',
      cf_seats: '12',
      Shoe: '42',
      Owner: 'margaret@relay.example',
    });
    expect(value).toEqual({
      email: 'ada@example.com',
      firstName: 'Ada',
      country: 'GB',
      lifecycleStage: 'mql',
      tags: ['vip', 'webinar'],
      customFields: { plan: 'growth', seats: '12' },
    });
    expect(owners).toEqual(['margaret@relay.example']);
    expect(warnings).toEqual([]);
  });

  it('reads company columns, turning revenue into a number and a head count into a size band', () => {
    expect(
      map(
        {
          Company: 'Acme',
          Website: 'https://acme.example',
          'Annual Revenue': '1,200,000',
          Employees: '250',
          Revenue2: 'x',
        },
        'companies',
      ).value,
    ).toEqual({ name: 'Acme', domain: 'https://acme.example', annualRevenue: 1_200_000, size: '201-500' });
  });

  it('leaves out, with a warning, a cell it cannot read, and keeps the rest of the row', () => {
    const { value, warnings } = map({
      Email: 'x@example.com',
      Country: 'Atlantis',
      'Lifecycle Stage': 'Hot Prospect',
      'Created At': '31/31/2024',
      'Time Zone': 'Mars/Olympus',
    });
    expect(value).toEqual({ email: 'x@example.com' });
    expect(warnings.map((w) => w.pointer)).toEqual(['/country', '/lifecycleStage', '/originalCreatedAt', '/timeZone']);
    expect(warnings[1]?.message).toContain('map it under stages');
  });

  it('takes column names that objects already have as plain data', () => {
    const { value, warnings } = map({
      Email: 'p@example.com',
      constructor: 'x',
      __proto__: 'y',
      'custom.toString': 'z',
    });
    expect(value).toEqual({ email: 'p@example.com', customFields: { toString: 'z' } });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(warnings).toEqual([]);
  });

  it('completes a Twenty phone with its calling code', () => {
    const plan = suggestColumns(
      ['Phones / Primary Phone Number', 'Phones / Primary Phone Calling Code', 'Creation date', 'Created by'],
      'contacts',
    );
    expect(
      mapCsvRow(
        { 'Phones / Primary Phone Number': '70 123 45 67', 'Phones / Primary Phone Calling Code': '+46' },
        plan,
        now,
      ).value,
    ).toEqual({ phone: '+46 70 123 45 67' });
  });
});

describe('suggestColumns (what the import screen will show)', () => {
  it("reads Mautic's own export: its salutation is no job title, its position is", () => {
    const header = mauticContactExport.csv.replace(/^\uFEFF/, '').split('\n')[0] as string;
    const columns = header.split(',').map((column) => column.replace(/^"|"$/g, ''));
    const plan = suggestColumns(columns, 'contacts');
    expect(plan.source).toBe('mautic');
    const target = (column: string) => plan.columns.find((c) => c.column === column);
    expect(target('title')).toMatchObject({ field: 'ignore', confidence: 'high' });
    expect(target('position')).toMatchObject({ field: 'jobTitle', confidence: 'high' });
    expect(target('stage')).toMatchObject({ field: 'lifecycleStage', confidence: 'high' });
    expect(plan.columns.filter((c) => c.field === 'jobTitle').map((c) => c.column)).toEqual(['position']);
  });

  it('recognises each CRM by its header and says per column where it goes, how sure and why', () => {
    for (const [crm, fixture] of Object.entries(crmExports)) {
      const header = fixture.csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0] as string;
      const columns = header.split(',').map((column) => column.replace(/^"|"$/g, ''));
      expect(detectCrm(columns), crm).toBe(crm);
      const plan = suggestColumns(columns, 'contacts');
      expect(plan.source).toBe(crm);
      expect(plan.columns.find((c) => c.field === 'email')).toMatchObject({ confidence: 'high' });
      expect(plan.columns.filter((c) => c.field === 'originalCreatedAt')).toHaveLength(1);
    }
    const hubspot = suggestColumns(
      ['Record ID', 'Email', 'Contact owner', 'Create Date', 'Favourite Colour'],
      'contacts',
    );
    expect(hubspot.columns).toEqual([
      { column: 'Record ID', field: 'ignore', confidence: 'high', reason: expect.stringContaining("HubSpot's own id") },
      { column: 'Email', field: 'email', confidence: 'high', reason: "HubSpot's Email column" },
      { column: 'Contact owner', field: 'owner', confidence: 'high', reason: "HubSpot's Contact owner column" },
      { column: 'Create Date', field: 'originalCreatedAt', confidence: 'high', reason: "HubSpot's Create Date column" },
      {
        column: 'Favourite Colour',
        field: 'ignore',
        confidence: 'none',
        reason: expect.stringContaining('custom.<name>'),
      },
    ]);
  });

  it('needs two signature columns to name a CRM, and reads other files by generic names', () => {
    expect(detectCrm(['Email', 'First Name', 'Create Date'])).toBeUndefined();
    expect(suggestColumns(['email', 'first_name'], 'contacts').columns.map((c) => [c.field, c.confidence])).toEqual([
      ['email', 'medium'],
      ['firstName', 'medium'],
    ]);
  });

  it('follows the mapping first, and refuses a mapping to a field Relay does not have', () => {
    const plan = suggestColumns(['Lead Score', 'Fax', 'Work email'], 'contacts', {
      columns: [
        { column: 'lead score', field: 'custom.leadScore' },
        { column: 'Fax', field: 'ignore' },
        { column: 'Work email', field: 'email' },
      ],
      stages: [],
    });
    expect(plan.columns.map((c) => [c.field, c.confidence])).toEqual([
      ['custom.leadScore', 'certain'],
      ['ignore', 'certain'],
      ['email', 'certain'],
    ]);
    expect(() =>
      suggestColumns(['x'], 'contacts', { columns: [{ column: 'x', field: 'shoeSize' }], stages: [] }),
    ).toThrow(ValidationFailed);
  });
});

describe('knownStage', () => {
  it.each([
    ['Marketing Qualified Lead', 'hubspot', 'mql'],
    ['marketingqualifiedlead', 'hubspot', 'mql'],
    ['Sales Qualified Lead', 'hubspot', 'sql'],
    ['Subscriber', 'hubspot', 'subscriber'],
    ['Opportunity', 'hubspot', 'opportunity'],
    ['Customer', 'hubspot', 'customer'],
    ['Evangelist', 'hubspot', 'evangelist'],
    ['Other', 'hubspot', 'other'],
    ['Open - Not Contacted', 'salesforce', 'lead'],
    ['Working - Contacted', 'salesforce', 'sql'],
    ['Closed - Converted', 'salesforce', 'opportunity'],
    ['Closed - Not Converted', 'salesforce', 'other'],
    ['MQL', 'mautic', 'mql'],
    ['SQL', undefined, 'sql'],
  ] as const)('%s (%s) → %s', (label, source, stage) => expect(knownStage(label, source)).toBe(stage));

  it('knows CRM-specific labels only for that CRM', () => {
    expect(knownStage('Working - Contacted', 'hubspot')).toBeUndefined();
  });
});

describe('export values', () => {
  it.each([
    ['2024-03-05T14:22:00Z', '2024-03-05T14:22:00.000Z'],
    ['2024-03-05T14:22:00.123+03:30', '2024-03-05T10:52:00.123Z'],
    ['2024-03-05 14:22', '2024-03-05T14:22:00.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['03/05/2024 2:22 PM', '2024-03-05T14:22:00.000Z'],
    ['3/5/2024 12:05 AM', '2024-03-05T00:05:00.000Z'],
    ['13/05/2024 09:05', '2024-05-13T09:05:00.000Z'],
    ['05/13/2024', '2024-05-13T00:00:00.000Z'],
    ['05.03.2024 14:22', '2024-03-05T14:22:00.000Z'],
    ['1709648520000', '2024-03-05T14:22:00.000Z'],
  ])('reads the date %s', (cell, iso) => expect(parseExportDate(cell, now)).toBe(iso));

  it('reads an ambiguous a/b/yyyy date in the order it is told, month first by default', () => {
    expect(parseExportDate('03/05/2024', now, 'day-first')).toBe('2024-05-03T00:00:00.000Z');
    expect(parseExportDate('13/05/2024', now, 'month-first')).toBe('2024-05-13T00:00:00.000Z');
  });

  it.each(['2024-02-30', '13/13/2024', '2030-01-01', 'yesterday', '0:00 PM', '03/05/2024 13:00 PM'])(
    'refuses the date %s',
    (cell) => expect(parseExportDate(cell, now)).toBeUndefined(),
  );

  it('reads countries by code or name, time zones as the CRMs write them, and head counts as bands', () => {
    expect(['de', 'Germany', 'Iran', 'ایران', 'United Kingdom', 'USA'].map(readCountry)).toEqual([
      'DE',
      'DE',
      'IR',
      'IR',
      'GB',
      'US',
    ]);
    expect(readCountry('Atlantis')).toBeUndefined();
    expect(['Europe/Berlin', '(GMT+03:30) Asia/Tehran', 'europe_slash_berlin'].map(readTimeZone)).toEqual([
      'Europe/Berlin',
      'Asia/Tehran',
      'Europe/Berlin',
    ]);
    expect(['5', '11-50', '10000'].map(readCompanySize)).toEqual(['1-10', '11-50', '5001+']);
  });
});

describe('readImportMapFile', () => {
  it('reads YAML or JSON into pairs, so column names such as __proto__ are data', () => {
    const yaml = readImportMapFile(
      'source: mautic\ndateOrder: day-first\ncolumns:\n  Lead Score: custom.leadScore\n  __proto__: ignore\nstages:\n  Hot Prospect: sql\n',
    );
    expect(yaml).toEqual({
      source: 'mautic',
      dateOrder: 'day-first',
      columns: [
        { column: 'Lead Score', field: 'custom.leadScore' },
        { column: '__proto__', field: 'ignore' },
      ],
      stages: [{ label: 'Hot Prospect', stage: 'sql' }],
    });
    expect(readImportMapFile('{"columns":{"constructor":"custom.ctor"}}').columns).toEqual([
      { column: 'constructor', field: 'custom.ctor' },
    ]);
  });

  it('says what is wrong with a bad map file', () => {
    const errors = (text: string) => {
      try {
        readImportMapFile(text);
      } catch (error) {
        return (error as ValidationFailed).errors.map((e) => e.pointer);
      }
      return [];
    };
    expect(errors('stages:\n  Hot: boiling\nextra: 1\n')).toEqual(['/extra', '/stages/0/stage']);
    expect(errors('columns: [a, b]')).toEqual(['/columns']);
    expect(() => readImportMapFile('columns: {a: [')).toThrow(/neither YAML nor JSON/);
  });
});

describe('csvBatches', () => {
  const rowsOf = async (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'relay-csv-')), 'file.csv');
    writeFileSync(path, content);
    const rows: CsvRow[] = [];
    for await (const batch of csvBatches(path, 100, () => {})) rows.push(...batch);
    return rows;
  };

  it('strips a UTF-8 byte order mark from the first header', async () => {
    expect(await rowsOf('\uFEFFEmail,Name\na@example.com,A\n')).toEqual([
      { row: 2, fields: { Email: 'a@example.com', Name: 'A' } },
    ]);
  });

  it('reads CRLF line ends, including inside quoted cells, and numbers rows by line', async () => {
    expect(await rowsOf('Email,Note\r\na@example.com,"one\r\ntwo"\r\nb@example.com,x\r\n')).toEqual([
      { row: 2, fields: { Email: 'a@example.com', Note: 'one\r\ntwo' } },
      { row: 4, fields: { Email: 'b@example.com', Note: 'x' } },
    ]);
  });

  it('reads CR line ends (old Mac exports) too', async () => {
    expect(await rowsOf('Email,Note\ra@example.com,"one\rtwo"\rb@example.com,x\r')).toEqual([
      { row: 2, fields: { Email: 'a@example.com', Note: 'one\rtwo' } },
      { row: 4, fields: { Email: 'b@example.com', Note: 'x' } },
    ]);
  });
});

describe('importPatch (the merge rule)', () => {
  const existing = aContact({
    email: 'ada@example.com',
    firstName: 'Ada',
    jobTitle: 'CTO',
    lifecycleStage: 'sql',
    ownerId: '01JDEM00WNER00000000000ADA',
    tags: ['vip'],
    customFields: { plan: 'growth' },
  });
  const incoming = (fields: Record<string, unknown>) =>
    CreateContactRequest.parse({ email: 'ADA@example.com', ...fields });

  it('lets non-empty new values win, adds tags and merges custom fields', () => {
    expect(
      importPatch(existing, incoming({ firstName: 'Augusta', tags: ['vip', 'london'], customFields: { seats: '5' } })),
    ).toEqual({
      firstName: 'Augusta',
      tags: ['vip', 'london'],
      customFields: { seats: '5' },
    });
  });

  it('never moves the stage backwards nor reassigns an owned contact', () => {
    expect(
      importPatch(existing, incoming({ lifecycleStage: 'lead', ownerId: '01JDEM00WNER000000000GRACE' })),
    ).toBeUndefined();
    expect(importPatch(existing, incoming({ lifecycleStage: 'customer' }))).toEqual({ lifecycleStage: 'customer' });
  });

  it('changes nothing when the row says nothing new, so a re-run is a no-op', () => {
    expect(
      importPatch(existing, incoming({ firstName: 'Ada', tags: ['vip'], customFields: { plan: 'growth' } })),
    ).toBeUndefined();
  });
});
