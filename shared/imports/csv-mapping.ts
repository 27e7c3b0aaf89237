import type { LifecycleStage } from '../contacts/contact.schema.ts';
import { ValidationFailed, type FieldError } from '../errors.ts';
import { ownValue } from '../common/own-keys.ts';
import {
  crmColumn,
  crmNames,
  detectCrm,
  genericColumn,
  knownStage,
  looseHeader,
  type CrmSource,
  type ImportEntity,
} from './crm-formats.ts';
import type { ColumnSuggestion, ImportMapping } from './import.schema.ts';
import {
  parseExportDate,
  readCompanySize,
  readCountry,
  readList,
  readNumber,
  readTimeZone,
  type DateOrder,
} from './import-values.ts';

/**
 * How the columns of a CSV file map onto Relay's fields: per column a suggested field (a Relay field,
 * `custom.<name>` or `ignore`), how sure it is and why. A pure function of the header, the import
 * type and the user's mapping: the CLI, the API and the console's import screen show the same.
 */
export const entityFields: Record<ImportEntity, readonly string[]> = {
  contacts: [
    'email',
    'firstName',
    'lastName',
    'phone',
    'phoneCallingCode',
    'jobTitle',
    'companyName',
    'country',
    'timeZone',
    'lifecycleStage',
    'owner',
    'originalCreatedAt',
    'tags',
  ],
  companies: ['name', 'domain', 'industry', 'size', 'country', 'annualRevenue', 'owner', 'tags'],
};

const customColumn = /^(?:custom[.:]|cf[.:_])(.+)$/i;

export interface ColumnPlan {
  entity: ImportEntity;
  /** The CRM the header says the file came from, or the one the mapping names. */
  source?: CrmSource;
  columns: ColumnSuggestion[];
  stages: Map<string, LifecycleStage>;
  dateOrder?: DateOrder;
}

/** The field a mapping names, checked: a Relay field of this entity, custom.<name> or ignore; undefined if none. */
function mappedField(entity: ImportEntity, field: string): string | undefined {
  if (field === 'ignore' || customColumn.test(field)) return field.replace(customColumn, 'custom.$1');
  if (field === 'ownerId') return 'owner';
  return entityFields[entity].includes(field) ? field : undefined;
}

/** Suggests a field for every column; a mapping naming an unknown field is a 400 (nothing is imported). */
export function suggestColumns(
  headers: readonly string[],
  entity: ImportEntity,
  mapping: ImportMapping = { columns: [], stages: [] },
): ColumnPlan {
  const mapped = new Map<string, string>();
  const errors: FieldError[] = [];
  mapping.columns.forEach(({ column, field }, index) => {
    const target = mappedField(entity, field);
    if (target) mapped.set(looseHeader(column), target);
    else
      errors.push({
        pointer: `/mapping/columns/${index}/field`,
        message: `"${field}" is not a ${entity} field: use one of ${entityFields[entity].join(', ')}, custom.<name> or ignore`,
      });
  });
  if (errors.length) throw new ValidationFailed('The column mapping names fields Relay does not have.', errors);
  const source = mapping.source ?? detectCrm(headers);
  const crm = source ? crmNames[source] : undefined;
  const taken = new Set<string>();
  const columns = headers.map((column): ColumnSuggestion => {
    const suggestion = suggestColumn(column, entity, source, crm, mapped);
    const repeated = !['ignore', 'owner'].includes(suggestion.field) && taken.has(suggestion.field);
    taken.add(suggestion.field);
    return repeated
      ? { ...suggestion, reason: `${suggestion.reason}; used when an earlier column is empty` }
      : suggestion;
  });
  const stages = new Map(mapping.stages.map(({ label, stage }) => [looseHeader(label), stage]));
  return {
    entity,
    ...(source ? { source } : {}),
    columns,
    stages,
    ...(mapping.dateOrder ? { dateOrder: mapping.dateOrder } : {}),
  };
}

function suggestColumn(
  column: string,
  entity: ImportEntity,
  source: CrmSource | undefined,
  crm: string | undefined,
  mapped: Map<string, string>,
): ColumnSuggestion {
  const fromMap = mapped.get(looseHeader(column));
  if (fromMap) return { column, field: fromMap, confidence: 'certain', reason: 'as your mapping says' };
  const custom = customColumn.exec(column.trim());
  // `custom.__proto__` can be no custom field (it would set a prototype): ignored, and said why.
  if (custom && (custom[1] as string).trim() === '__proto__')
    return { column, field: 'ignore', confidence: 'none', reason: '__proto__ cannot be a custom field name' };
  if (custom)
    return {
      column,
      field: `custom.${(custom[1] as string).trim()}`,
      confidence: 'certain',
      reason: 'a custom field column',
    };
  const known = source ? crmColumn(source, entity, column) : undefined;
  if (known)
    return {
      column,
      field: known.field,
      confidence: 'high',
      reason: known.reason ? `${crm}'s column: ${known.reason}` : `${crm}'s ${column} column`,
    };
  const generic = genericColumn(entity, column);
  if (generic) return { column, field: generic.field, confidence: 'medium', reason: `the name says ${generic.field}` };
  return {
    column,
    field: 'ignore',
    confidence: 'none',
    reason: 'Relay has no such field; map it to custom.<name> to keep it',
  };
}

/**
 * The stage labels in the file's stage columns (the plan's lifecycleStage columns) that Relay does not
 * know for the plan's CRM, each with how many rows hold it, most used first (first spelling kept).
 * Unless the mapping names a stage for them they import as a warning, without a stage: these are the
 * labels to ask the user about.
 */
export function stageLabelsToMap(
  rows: readonly { fields: Record<string, string | undefined> }[],
  plan: ColumnPlan,
): { label: string; rows: number }[] {
  const stageColumns = plan.columns.filter((column) => column.field === 'lifecycleStage').map(({ column }) => column);
  const labels = new Map<string, { label: string; rows: number }>();
  for (const { fields } of rows)
    for (const column of stageColumns) {
      const cell = ownValue(fields, column)?.trim();
      if (!cell || knownStage(cell, plan.source)) continue;
      const key = looseHeader(cell);
      const seen = labels.get(key);
      if (seen) seen.rows++;
      else labels.set(key, { label: cell, rows: 1 });
    }
  return [...labels.values()].sort((a, b) => b.rows - a.rows || (a.label < b.label ? -1 : 1));
}

export interface MappedRow {
  /** The entity-shaped object to validate (not yet validated). */
  value: Record<string, unknown>;
  /** Owner cells (an email, a name or a Relay owner id), first column first; resolved by the caller. */
  owners: string[];
  /** Cells that could not be read: the row imports without them. */
  warnings: FieldError[];
}

/** One CSV record mapped through the plan: each cell read by its field's reader; empty cells mean "no value". */
export function mapCsvRow(record: Record<string, string | undefined>, plan: ColumnPlan, now: string): MappedRow {
  const value = new Map<string, unknown>();
  const customFields = new Map<string, string>();
  const owners: string[] = [];
  const warnings: FieldError[] = [];
  let callingCode: string | undefined;
  const byColumn = new Map(plan.columns.map((suggestion) => [suggestion.column, suggestion.field]));
  for (const [column, raw] of Object.entries(record)) {
    const cell = raw?.trim();
    const field = byColumn.get(column) ?? 'ignore';
    if (field === 'ignore' || cell === undefined || cell === '') continue;
    if (field.startsWith('custom.')) {
      const name = field.slice('custom.'.length);
      if (!customFields.has(name)) customFields.set(name, cell);
    } else if (field === 'owner') owners.push(cell);
    else if (field === 'phoneCallingCode') callingCode ??= cell;
    else if (!value.has(field)) {
      const read = readCell(plan, field, cell, now);
      if (read === undefined)
        warnings.push({ pointer: `/${field}`, message: `${unreadable(field, column)}; imported without it` });
      else value.set(field, read);
    }
  }
  const phone = value.get('phone');
  if (callingCode && typeof phone === 'string' && !phone.startsWith('+') && !phone.startsWith('00'))
    value.set('phone', `${callingCode.startsWith('+') ? callingCode : `+${callingCode}`} ${phone}`);
  if (customFields.size) value.set('customFields', Object.fromEntries(customFields));
  return { value: Object.fromEntries(value), owners, warnings };
}

function readCell(plan: ColumnPlan, field: string, cell: string, now: string): unknown {
  switch (field) {
    case 'tags':
      return readList(cell);
    case 'country':
      return readCountry(cell);
    case 'timeZone':
      return readTimeZone(cell);
    case 'lifecycleStage':
      return plan.stages.get(looseHeader(cell)) ?? knownStage(cell, plan.source);
    case 'originalCreatedAt':
      return parseExportDate(cell, now, plan.dateOrder);
    case 'annualRevenue':
      return readNumber(cell);
    case 'size':
      return readCompanySize(cell);
    default:
      return cell;
  }
}

function unreadable(field: string, column: string): string {
  switch (field) {
    case 'country':
      return `"${column}" is not a country Relay knows (use a code such as DE or an English name)`;
    case 'timeZone':
      return `"${column}" is not an IANA time zone such as Europe/Berlin`;
    case 'lifecycleStage':
      return `"${column}" holds a stage Relay does not know (map it under stages in your mapping)`;
    case 'originalCreatedAt':
      return `"${column}" is not a date Relay can read (ISO 8601, 2024-03-05 14:22 or 03/05/2024 2:22 PM), or lies in the future`;
    default:
      return `"${column}" could not be read`;
  }
}
