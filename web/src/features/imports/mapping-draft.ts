import type { LifecycleStage } from '#shared/contacts/contact.schema.ts';
import { CustomFields } from '#shared/common/fields.ts';
import type { CrmSource, ImportEntity } from '#shared/imports/crm-formats.ts';
import { entityFields, suggestColumns, type ColumnPlan } from '#shared/imports/csv-mapping.ts';
import type { DateOrder } from '#shared/imports/import-values.ts';
import type { ImportMapping } from '#shared/imports/import.schema.ts';

export type { ImportEntity };

/**
 * What the person changed on the import screen, and only that: every column they did not touch keeps
 * suggestColumns' suggestion, as in `npm run import -- --map` where the map file names only the columns
 * the built-in knowledge misses.
 */
export interface MappingDraft {
  /** The CRM the file came from, when the person says so (otherwise the header tells, or nothing). */
  source?: CrmSource;
  dateOrder?: DateOrder;
  /** Columns given another field than suggested, in header order. */
  columns: readonly { column: string; field: string }[];
  /** Stage labels given a Relay stage. */
  stages: readonly { label: string; stage: LifecycleStage }[];
}

export const emptyDraft: MappingDraft = { columns: [], stages: [] };

/** The request's `mapping` member, as a map file with the same changes would send it. */
export function toImportMapping(draft: MappingDraft): ImportMapping {
  return {
    columns: draft.columns.map(({ column, field }) => ({ column, field })),
    stages: draft.stages.map(({ label, stage }) => ({ label, stage })),
    ...(draft.dateOrder ? { dateOrder: draft.dateOrder } : {}),
    ...(draft.source ? { source: draft.source } : {}),
  };
}

/** How the file's columns are read with the person's changes: suggestColumns, as the API will run it. */
export function planOf(headers: readonly string[], entity: ImportEntity, draft: MappingDraft): ColumnPlan {
  return suggestColumns(headers, entity, toImportMapping(draft));
}

/**
 * The field a column of the file gets without a change of its own: the detected (or chosen) CRM's
 * column, a generic name's, or ignore, as suggestColumns reads it among the file's other columns.
 */
export function suggestedField(
  headers: readonly string[],
  column: string,
  entity: ImportEntity,
  draft: MappingDraft,
): string {
  const others = { ...draft, columns: draft.columns.filter((change) => change.column !== column) };
  return planOf(headers, entity, others).columns.find((suggestion) => suggestion.column === column)?.field ?? 'ignore';
}

/**
 * The draft with `column` read as `field` (a Relay field, `custom.<name>` or `ignore`). Choosing what the
 * column would get anyway drops the change, so the mapping carries only real changes.
 */
export function withColumnField(
  draft: MappingDraft,
  headers: readonly string[],
  entity: ImportEntity,
  column: string,
  field: string,
): MappingDraft {
  const changed = new Map(draft.columns.map((change) => [change.column, change.field]));
  if (field === suggestedField(headers, column, entity, draft)) changed.delete(column);
  else changed.set(column, field);
  return {
    ...draft,
    columns: headers.flatMap((header) => {
      const chosen = changed.get(header);
      return chosen === undefined ? [] : [{ column: header, field: chosen }];
    }),
  };
}

/** The draft with a stage label read as `stage`, or (undefined) left to the built-in labels. */
export function withStage(draft: MappingDraft, label: string, stage: LifecycleStage | undefined): MappingDraft {
  const others = draft.stages.filter((change) => change.label !== label);
  return { ...draft, stages: stage ? [...others, { label, stage }] : others };
}

/** The draft reading the file as `source`'s export, or (undefined) as its header says. */
export function withSource(draft: MappingDraft, source: CrmSource | undefined): MappingDraft {
  return {
    columns: draft.columns,
    stages: draft.stages,
    ...(draft.dateOrder ? { dateOrder: draft.dateOrder } : {}),
    ...(source ? { source } : {}),
  };
}

/** The draft reading 03/05/2024 as `dateOrder` says, or (undefined) month first, the API's default. */
export function withDateOrder(draft: MappingDraft, dateOrder: DateOrder | undefined): MappingDraft {
  return {
    columns: draft.columns,
    stages: draft.stages,
    ...(draft.source ? { source: draft.source } : {}),
    ...(dateOrder ? { dateOrder } : {}),
  };
}

/** A column's field as the screen's picker shows it: one of the entity's fields, a custom field, or ignore. */
export type FieldChoice = { kind: 'field'; field: string } | { kind: 'custom'; name: string } | { kind: 'ignore' };

export function choiceOf(field: string): FieldChoice {
  if (field === 'ignore') return { kind: 'ignore' };
  if (field.startsWith('custom.')) return { kind: 'custom', name: field.slice('custom.'.length) };
  return { kind: 'field', field };
}

/** The fields a column of `entity` may be read as, besides `custom.<name>` and ignore. */
export const fieldsOf = (entity: ImportEntity): readonly string[] => entityFields[entity];

/** Whether the API's own rule for custom field names (the key schema of CustomFields) takes `name`. */
export function isCustomFieldName(name: string): boolean {
  return CustomFields.keyType.safeParse(name).success;
}

/**
 * A custom field name proposed for a column ("Favourite Colour" → favouriteColour): its ASCII letters and
 * digits in camelCase, as the API's custom field names must be; empty when the column has none (a
 * Persian or Arabic header), for the person to name it.
 */
export function customNameFor(column: string): string {
  const words = column.match(/[A-Za-z0-9]+/g) ?? [];
  const camel = words
    .map((word, i) => (i === 0 ? word.toLowerCase() : word[0]?.toUpperCase() + word.slice(1).toLowerCase()))
    .join('')
    .replace(/^[0-9]+/, '')
    .slice(0, 64);
  return isCustomFieldName(camel) ? camel : '';
}

/** Which way a cell of this field reads: addresses, phones, domains and zones left to right; names as their script says. */
export const directionOf = (field: string): 'ltr' | 'auto' =>
  ['email', 'phone', 'phoneCallingCode', 'domain', 'timeZone', 'originalCreatedAt', 'annualRevenue'].includes(field)
    ? 'ltr'
    : 'auto';
