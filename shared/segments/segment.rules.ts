import { parseNumberText } from '../common/numbers.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { contactKeys, type IndexPartition } from '../db/keys.ts';
import type { CustomFieldCondition, SegmentFilter } from './segment.schema.ts';
import { ownValue } from '../common/own-keys.ts';

/** Which index a segment is read from, and the creation-time range on its sort key. */
export interface SegmentQueryPlan {
  partition: IndexPartition;
  /** Sort-key bounds (`<createdAt>#<id>` keys) when the filter limits creation time. */
  sortKeyBetween?: [string, string];
  /** Why this index was chosen, for humans reading an explain. */
  basis: string;
}

/**
 * Picks the narrowest index partition one criterion maps onto (a single owner, company or stage),
 * falling back to all contacts; the creation-time range always narrows the sort key. Every other
 * criterion is applied by `matchesSegment` to what that query returns. Never a table Scan.
 */
export function planSegmentQuery(filter: SegmentFilter): SegmentQueryPlan {
  const createdRange: [string, string] | undefined =
    filter.createdFrom || filter.createdTo
      ? [filter.createdFrom ?? '0000', `${filter.createdTo ?? '9999'}\uffff`]
      : undefined;
  const withRange = (partition: IndexPartition, basis: string): SegmentQueryPlan => ({
    partition,
    basis,
    ...(createdRange ? { sortKeyBetween: createdRange } : {}),
  });
  if (filter.companyId) return withRange(contactKeys.byCompany(filter.companyId), 'company');
  if (filter.ownerIds?.length === 1) return withRange(contactKeys.byOwner(filter.ownerIds[0] as string), 'owner');
  if (filter.lifecycleStages?.length === 1)
    return withRange(contactKeys.byLifecycleStage(filter.lifecycleStages[0] as string), 'lifecycle stage');
  return withRange(contactKeys.all(), 'all contacts');
}

/** Whether a contact satisfies every criterion of the filter; its score is its stored lead score (0 before any). */
export function matchesSegment(contact: Contact & { score?: number }, filter: SegmentFilter): boolean {
  const score = contact.score ?? contact.leadScore?.total ?? 0;
  const inRange = (value: string, from?: string, to?: string) => (!from || value >= from) && (!to || value <= to);
  return (
    (!filter.lifecycleStages || filter.lifecycleStages.includes(contact.lifecycleStage)) &&
    (!filter.ownerIds || (contact.ownerId !== undefined && filter.ownerIds.includes(contact.ownerId))) &&
    (!filter.companyId || contact.companyId === filter.companyId) &&
    (!filter.countries || (contact.country !== undefined && filter.countries.includes(contact.country))) &&
    (!filter.tagsAll || filter.tagsAll.every((tag) => contact.tags.includes(tag))) &&
    (!filter.tagsAny || filter.tagsAny.some((tag) => contact.tags.includes(tag))) &&
    (filter.scoreMin === undefined || score >= filter.scoreMin) &&
    (filter.scoreMax === undefined || score <= filter.scoreMax) &&
    (!filter.consentStatuses || filter.consentStatuses.includes(contact.consent.status)) &&
    inRange(contact.createdAt, filter.createdFrom, filter.createdTo) &&
    inRange(contact.updatedAt, filter.updatedFrom, filter.updatedTo) &&
    (filter.customFields ?? []).every((condition) =>
      matchesCondition(ownValue(contact.customFields, condition.field), condition),
    )
  );
}

function matchesCondition(
  value: string | number | boolean | null | undefined,
  condition: CustomFieldCondition,
): boolean {
  switch (condition.op) {
    case 'exists':
      return value !== undefined && value !== null;
    case 'not_exists':
      return value === undefined || value === null;
    case 'eq':
      return value === condition.value;
    case 'neq':
      return value !== condition.value;
    case 'contains':
      return typeof value === 'string' && value.toLowerCase().includes(condition.value.toLowerCase());
    case 'gt':
      return compare(value, (number) => number > condition.value);
    case 'gte':
      return compare(value, (number) => number >= condition.value);
    case 'lt':
      return compare(value, (number) => number < condition.value);
    case 'lte':
      return compare(value, (number) => number <= condition.value);
  }
}

/** A numeric comparison: a number, or text that is one in digits of any script (a form field's "۱۲۰"). */
function compare(value: string | number | boolean | null | undefined, holds: (number: number) => boolean): boolean {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? parseNumberText(value) : undefined;
  return number !== undefined && holds(number);
}
