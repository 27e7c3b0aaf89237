import { describe, expect, it } from 'vitest';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { companyColumns, contactColumns } from '#shared/imports/csv-columns.ts';
import { mapCsvRow } from '#shared/imports/csv-mapping.ts';
import { importPatch } from '#shared/imports/contact-merge.ts';
import { aContact } from '../support/builders.ts';

describe('mapCsvRow', () => {
  it('matches headers loosely, splits tags, fills custom fields and skips empty cells', () => {
    const { value, ignoredColumns } = mapCsvRow(
      {
        'E-Mail': ' ada@example.com ',
        'First Name': 'Ada',
        last_name: '',
        Country: 'gb',
        'Lifecycle Stage': 'MQL',
        Tags: 'vip; webinar ,',
        'custom.plan': 'growth',
        cf_seats: '12',
        Shoe: '42',
      },
      contactColumns,
    );
    expect(value).toEqual({
      email: 'ada@example.com',
      firstName: 'Ada',
      country: 'GB',
      lifecycleStage: 'mql',
      tags: ['vip', 'webinar'],
      customFields: { plan: 'growth', seats: '12' },
    });
    expect(ignoredColumns).toEqual(['Shoe']);
  });

  it('reads company columns, turning revenue into a number', () => {
    expect(
      mapCsvRow(
        { Company: 'Acme', Website: 'https://acme.example', 'Annual Revenue': '1 200 000', Revenue2: 'x' },
        companyColumns,
      ),
    ).toEqual({
      value: { name: 'Acme', domain: 'https://acme.example', annualRevenue: 1_200_000 },
      ignoredColumns: ['Revenue2'],
    });
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
