import { describe, expect, it } from 'vitest';
import { ImportMapping } from '#shared/imports/import.schema.ts';
import { readImportMapFile } from '#shared/imports/import-map-file.ts';
import { stageLabelsToMap, suggestColumns } from '#shared/imports/csv-mapping.ts';
import {
  customNameFor,
  emptyDraft,
  isCustomFieldName,
  planOf,
  suggestedField,
  toImportMapping,
  withColumnField,
  withDateOrder,
  withSource,
  withStage,
} from '../../../web/src/features/imports/mapping-draft.ts';

const hubspotHeaders = ['Record ID', 'First Name', 'Email', 'Lifecycle Stage', 'Contact owner', 'Lead Status', 'Fax'];
const fieldOf = (plan: ReturnType<typeof planOf>, column: string) =>
  plan.columns.find((suggestion) => suggestion.column === column)?.field;

describe('the mapping the import screen sends', () => {
  it('starts as no mapping at all: every column as suggestColumns suggests', () => {
    expect(toImportMapping(emptyDraft)).toEqual({ columns: [], stages: [] });
    expect(planOf(hubspotHeaders, 'contacts', emptyDraft)).toEqual(suggestColumns(hubspotHeaders, 'contacts'));
  });

  it('holds exactly what a --map file with the same changes sends', () => {
    let draft = withColumnField(emptyDraft, hubspotHeaders, 'contacts', 'Lead Status', 'custom.hubspotStatus');
    draft = withColumnField(draft, hubspotHeaders, 'contacts', 'Fax', 'custom.fax');
    draft = withColumnField(draft, hubspotHeaders, 'contacts', 'First Name', 'ignore');
    draft = withStage(draft, 'Hot Prospect', 'sql');
    draft = withDateOrder(withSource(draft, 'hubspot'), 'day-first');
    const mapFile = readImportMapFile(
      [
        'source: hubspot',
        'dateOrder: day-first',
        'columns:',
        '  First Name: ignore',
        '  Lead Status: custom.hubspotStatus',
        '  Fax: custom.fax',
        'stages:',
        '  Hot Prospect: sql',
      ].join('\n'),
    );
    const mapping = toImportMapping(draft);
    expect(ImportMapping.parse(mapping)).toEqual(mapping);
    // Columns in the file's order, whatever order they were changed in.
    expect(mapping).toEqual(mapFile);
    const plan = planOf(hubspotHeaders, 'contacts', draft);
    expect(fieldOf(plan, 'Lead Status')).toBe('custom.hubspotStatus');
    expect(fieldOf(plan, 'First Name')).toBe('ignore');
    expect(plan.columns.find((c) => c.column === 'Fax')).toMatchObject({ confidence: 'certain' });
  });

  it('drops a change once the column is set back to what it would get anyway', () => {
    const changed = withColumnField(emptyDraft, hubspotHeaders, 'contacts', 'Email', 'custom.work');
    expect(changed.columns).toEqual([{ column: 'Email', field: 'custom.work' }]);
    expect(suggestedField(hubspotHeaders, 'Email', 'contacts', changed)).toBe('email');
    expect(withColumnField(changed, hubspotHeaders, 'contacts', 'Email', 'email').columns).toEqual([]);
    // Choosing the suggestion is no change at all.
    expect(withColumnField(emptyDraft, hubspotHeaders, 'contacts', 'Lead Status', 'custom.leadStatus')).toEqual(
      emptyDraft,
    );
  });

  it('unsets a stage, a source or a date order chosen earlier', () => {
    const draft = withDateOrder(withSource(withStage(emptyDraft, 'Hot', 'mql'), 'mautic'), 'day-first');
    expect(toImportMapping(draft)).toEqual({
      columns: [],
      stages: [{ label: 'Hot', stage: 'mql' }],
      source: 'mautic',
      dateOrder: 'day-first',
    });
    expect(
      toImportMapping(withDateOrder(withSource(withStage(draft, 'Hot', undefined), undefined), undefined)),
    ).toEqual({ columns: [], stages: [] });
  });

  it('reads the file as another CRM when told, which changes the suggestions', () => {
    const headers = ['Email', 'Title', 'Lead Status'];
    expect(planOf(headers, 'contacts', emptyDraft).source).toBeUndefined();
    const asSalesforce = planOf(headers, 'contacts', withSource(emptyDraft, 'salesforce'));
    expect(asSalesforce.source).toBe('salesforce');
    expect(fieldOf(asSalesforce, 'Title')).toBe('jobTitle');
    expect(fieldOf(asSalesforce, 'Lead Status')).toBe('lifecycleStage');
  });

  it('proposes a custom field name the API takes, or none for a header without Latin letters', () => {
    expect(customNameFor('Favourite Colour')).toBe('favouriteColour');
    expect(customNameFor('2nd phone (home)')).toBe('ndPhoneHome');
    expect(customNameFor('رنگ محبوب')).toBe('');
    expect(isCustomFieldName('favouriteColour')).toBe(true);
    expect(isCustomFieldName('')).toBe(false);
    expect(isCustomFieldName('__proto__')).toBe(false);
    expect(isCustomFieldName('رنگ')).toBe(false);
    expect(isCustomFieldName('a'.repeat(65))).toBe(false);
  });
});

describe('stageLabelsToMap', () => {
  const rows = [
    { fields: { Email: 'a@example.com', Stage: 'Hot Prospect' } },
    { fields: { Email: 'b@example.com', Stage: 'hot prospect ' } },
    { fields: { Email: 'c@example.com', Stage: 'MQL' } },
    { fields: { Email: 'd@example.com', Stage: 'مشتری' } },
    { fields: { Email: 'e@example.com', Stage: '' } },
  ];

  it('lists the labels Relay does not know, most used first, so the person can map them', () => {
    const plan = suggestColumns(['Email', 'Stage'], 'contacts');
    expect(stageLabelsToMap(rows, plan)).toEqual([
      { label: 'Hot Prospect', rows: 2 },
      { label: 'مشتری', rows: 1 },
    ]);
  });

  it('knows each CRM’s own labels, and finds none when no column is read as the stage', () => {
    const headers = ['Email', 'Stage'];
    const salesforce = [{ fields: { Email: 'a@example.com', Stage: 'Working - Contacted' } }];
    expect(stageLabelsToMap(salesforce, suggestColumns(headers, 'contacts', { columns: [], stages: [] }))).toHaveLength(
      1,
    );
    expect(
      stageLabelsToMap(
        salesforce,
        suggestColumns(headers, 'contacts', { columns: [], stages: [], source: 'salesforce' }),
      ),
    ).toEqual([]);
    const ignored = suggestColumns(headers, 'contacts', {
      columns: [{ column: 'Stage', field: 'ignore' }],
      stages: [],
    });
    expect(stageLabelsToMap(rows, ignored)).toEqual([]);
  });
});
