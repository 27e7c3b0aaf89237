import { parseNumberText } from '#shared/common/numbers.ts';
import { consentStatuses, lifecycleStages } from '#shared/contacts/contact.schema.ts';
import { CreateSegmentRequest, SegmentFilter, type CustomFieldCondition } from '#shared/segments/segment.schema.ts';
import { fieldErrorsOf } from '../../lib/zod-form.ts';

export { consentStatuses, lifecycleStages };

export const customFieldOperators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'exists',
  'not_exists',
] as const;
export type CustomFieldOperator = (typeof customFieldOperators)[number];
/** How an `eq`/`neq` value is compared: the API compares the stored value's type too (120 is not "120"). */
export const valueTypes = ['text', 'number', 'boolean'] as const;
export type ValueType = (typeof valueTypes)[number];

export interface CustomConditionDraft {
  key: string;
  field: string;
  op: CustomFieldOperator;
  value: string;
  valueType: ValueType;
}

/** A moment of a range as the builder shows it: its day, and the exact time it stood for while the day is unchanged. */
export interface DayBound {
  day: string | null;
  iso?: string;
}

/** The builder's state: every criterion of `SegmentFilter`, as the inputs hold it. */
export interface SegmentDraft {
  name: string;
  description: string;
  lifecycleStages: string[];
  ownerIds: string[];
  companyId: string | null;
  countries: string[];
  tagsAll: string[];
  tagsAny: string[];
  scoreMin: string;
  scoreMax: string;
  customFields: CustomConditionDraft[];
  consentStatuses: string[];
  createdFrom: DayBound;
  createdTo: DayBound;
  updatedFrom: DayBound;
  updatedTo: DayBound;
}

let lastKey = 0;
const nextKey = () => `condition-${++lastKey}`;

export function conditionDraft(condition?: CustomFieldCondition): CustomConditionDraft {
  const value = condition && 'value' in condition ? condition.value : '';
  return {
    key: nextKey(),
    field: condition?.field ?? '',
    op: condition?.op ?? 'eq',
    value: String(value),
    valueType: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text',
  };
}

const bound = (iso: string | undefined): DayBound => (iso ? { day: iso.slice(0, 10), iso } : { day: null });
const text = (value: number | undefined) => (value === undefined ? '' : String(value));

export function draftOf(segment?: { name: string; description?: string; filter: SegmentFilter }): SegmentDraft {
  const filter = segment?.filter ?? {};
  return {
    name: segment?.name ?? '',
    description: segment?.description ?? '',
    lifecycleStages: filter.lifecycleStages ?? [],
    ownerIds: filter.ownerIds ?? [],
    companyId: filter.companyId ?? null,
    countries: filter.countries ?? [],
    tagsAll: filter.tagsAll ?? [],
    tagsAny: filter.tagsAny ?? [],
    scoreMin: text(filter.scoreMin),
    scoreMax: text(filter.scoreMax),
    customFields: (filter.customFields ?? []).map(conditionDraft),
    consentStatuses: filter.consentStatuses ?? [],
    createdFrom: bound(filter.createdFrom),
    createdTo: bound(filter.createdTo),
    updatedFrom: bound(filter.updatedFrom),
    updatedTo: bound(filter.updatedTo),
  };
}

/**
 * A range's end as an instant: the exact time it was saved with while its day is unchanged, else the start of
 * a "from" day or the last millisecond of a "to" day (UTC), so "to 31 January" includes all of the 31st.
 */
function instantOf(bound: DayBound, end: 'from' | 'to'): string | undefined {
  if (!bound.day) return undefined;
  if (bound.iso && bound.iso.slice(0, 10) === bound.day) return bound.iso;
  return end === 'from' ? `${bound.day}T00:00:00.000Z` : `${bound.day}T23:59:59.999Z`;
}

function valueOf(condition: CustomConditionDraft): string | number | boolean {
  if (condition.valueType === 'boolean') return condition.value.trim().toLowerCase() === 'true';
  if (condition.valueType === 'number') return parseNumberText(condition.value) ?? condition.value;
  return condition.value;
}

function conditionOf(condition: CustomConditionDraft): Record<string, unknown> {
  const field = condition.field.trim();
  switch (condition.op) {
    case 'exists':
    case 'not_exists':
      return { field, op: condition.op };
    case 'eq':
    case 'neq':
      return { field, op: condition.op, value: valueOf(condition) };
    case 'contains':
      return { field, op: condition.op, value: condition.value };
    default:
      // gt, gte, lt, lte: the API reads the number in digits of any script (`۱۲۰`).
      return { field, op: condition.op, value: condition.value.trim() };
  }
}

const listOrUndefined = <T>(list: readonly T[]) => (list.length > 0 ? list : undefined);
const textOrUndefined = (value: string) => (value.trim() === '' ? undefined : value.trim());

/** The filter the builder stands for, before the API's schema checks it; a criterion left empty is left out. */
export function filterInputOf(draft: SegmentDraft): Record<string, unknown> {
  const filter: Record<string, unknown> = {
    lifecycleStages: listOrUndefined(draft.lifecycleStages),
    ownerIds: listOrUndefined(draft.ownerIds),
    companyId: draft.companyId ?? undefined,
    countries: listOrUndefined(draft.countries.map((country) => country.trim().toUpperCase())),
    tagsAll: listOrUndefined(draft.tagsAll),
    tagsAny: listOrUndefined(draft.tagsAny),
    scoreMin: textOrUndefined(draft.scoreMin),
    scoreMax: textOrUndefined(draft.scoreMax),
    customFields: listOrUndefined(draft.customFields.map(conditionOf)),
    consentStatuses: listOrUndefined(draft.consentStatuses),
    createdFrom: instantOf(draft.createdFrom, 'from'),
    createdTo: instantOf(draft.createdTo, 'to'),
    updatedFrom: instantOf(draft.updatedFrom, 'from'),
    updatedTo: instantOf(draft.updatedTo, 'to'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** The criteria checked by the API's own `SegmentFilter`: what to count, or an error per criterion (`customFields.0.value`). */
export function checkFilter(draft: SegmentDraft): Checked<SegmentFilter> {
  const result = SegmentFilter.safeParse(filterInputOf(draft));
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** The whole segment checked by `CreateSegmentRequest` (errors keyed `name`, `filter.scoreMin`...). */
export function checkSegment(draft: SegmentDraft): Checked<CreateSegmentRequest> {
  const result = CreateSegmentRequest.safeParse({
    name: draft.name,
    ...(draft.description.trim() ? { description: draft.description } : {}),
    filter: filterInputOf(draft),
  });
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** The first error of a criterion or of anything inside it (`customFields.1.value` shows on `customFields.1`). */
export function errorAt(errors: Record<string, string>, path: string): string | undefined {
  if (Object.hasOwn(errors, path)) return errors[path];
  const inner = Object.keys(errors).find((key) => key.startsWith(`${path}.`));
  return inner === undefined ? undefined : errors[inner];
}

/** The API's index names (`plan`), as keys of the builder's strings. */
export const indexPlans = ['company', 'owner', 'lifecycle stage', 'all contacts'] as const;
export const planKey = (plan: string) =>
  (indexPlans as readonly string[]).includes(plan) ? plan.replace(' ', '_') : 'unknown';
