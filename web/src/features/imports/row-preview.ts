import { mapCsvRow, type ColumnPlan } from '#shared/imports/csv-mapping.ts';

/** What one CSV row becomes with the plan, as the preview shows it: its key, its name, its other fields. */
export interface RowPreview {
  /** The email (contacts) or domain (companies), as read. */
  key: string;
  name: string;
  /** Every other field read, in the order of the columns; lists joined, custom fields as custom.<name>, the owner as written. */
  details: { field: string; value: string }[];
}

/**
 * The row mapped exactly as the API will map it (mapCsvRow, the same plan), for the preview: the API says
 * what would happen (created, merged, rejected and why), this shows what the row holds. Owners are shown as
 * written; the API matches them.
 */
export function previewRow(fields: Record<string, string>, plan: ColumnPlan, now: string): RowPreview {
  const { value, owners } = mapCsvRow(fields, plan, now);
  const text = (field: string) => {
    const read = Object.hasOwn(value, field) ? value[field] : undefined;
    return Array.isArray(read) ? read.join(', ') : read === undefined || read === null ? '' : String(read);
  };
  const keyField = plan.entity === 'contacts' ? 'email' : 'domain';
  const nameFields = plan.entity === 'contacts' ? ['firstName', 'lastName'] : ['name'];
  const details: RowPreview['details'] = [];
  for (const [field, read] of Object.entries(value)) {
    if (field === keyField || nameFields.includes(field)) continue;
    if (field === 'customFields' && read && typeof read === 'object')
      for (const [name, cell] of Object.entries(read)) details.push({ field: `custom.${name}`, value: String(cell) });
    else details.push({ field, value: text(field) });
  }
  for (const owner of owners.slice(0, 1)) details.push({ field: 'owner', value: owner });
  return {
    key: text(keyField),
    name: nameFields
      .map(text)
      .filter((part) => part)
      .join(' '),
    details,
  };
}
