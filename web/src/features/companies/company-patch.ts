/** The company's fields as its edit form holds them: text, '' for "not set". */
export const editableFields = ['name', 'domain', 'industry', 'size', 'country', 'annualRevenue', 'ownerId'] as const;
export type EditableField = (typeof editableFields)[number];
export type CompanyFormValues = Record<EditableField, string>;

type Stored = Partial<Record<EditableField, string | number | undefined>> & { name: string };

export function formValuesOf(company: Stored): CompanyFormValues {
  const values = {} as CompanyFormValues;
  for (const field of editableFields) {
    const value = company[field];
    values[field] = value === undefined ? '' : String(value);
  }
  return values;
}

/**
 * The JSON Merge Patch (RFC 7396) that turns `company` into what the form says: only changed fields, a
 * field emptied becomes null (cleared). The API parses the values (numbers in any script, domains).
 */
export function companyPatchOf(company: Stored, values: CompanyFormValues): Record<string, string | null> {
  const before = formValuesOf(company);
  const patch: Record<string, string | null> = {};
  for (const field of editableFields) {
    const now = values[field].trim();
    if (now === before[field]) continue;
    patch[field] = now === '' ? null : now;
  }
  return patch;
}
