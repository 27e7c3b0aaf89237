/**
 * How CSV columns map onto contact fields. Headers are matched loosely ("First Name", "first_name"
 * and "firstname" are the same column); `custom.<name>` columns fill custom fields; empty cells
 * mean "no value". Cells stay strings except where the contact schema needs lists.
 */
const columnAliases: Record<string, string> = {
  email: 'email', emailaddress: 'email', 'e-mail': 'email', mail: 'email',
  firstname: 'firstName', givenname: 'firstName',
  lastname: 'lastName', surname: 'lastName', familyname: 'lastName',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone',
  jobtitle: 'jobTitle', title: 'jobTitle',
  company: 'companyName', companyname: 'companyName', organization: 'companyName', organisation: 'companyName',
  country: 'country', countrycode: 'country',
  timezone: 'timeZone', tz: 'timeZone',
  lifecyclestage: 'lifecycleStage', stage: 'lifecycleStage',
  ownerid: 'ownerId', owner: 'ownerId',
  tags: 'tags',
};

const normaliseHeader = (header: string) => header.trim().toLowerCase().replace(/[\s_]+/g, '');

export interface MappedRow {
  /** The contact-shaped object to validate (not yet validated). */
  contact: Record<string, unknown>;
  /** Columns that mean nothing to Relay; reported once, never an error. */
  ignoredColumns: string[];
}

export function mapContactCsvRow(record: Record<string, string | undefined>): MappedRow {
  const contact: Record<string, unknown> = {};
  const customFields: Record<string, string> = {};
  const ignoredColumns: string[] = [];
  for (const [header, raw] of Object.entries(record)) {
    const value = raw?.trim();
    const custom = /^(?:custom[.:]|cf[.:_])(.+)$/i.exec(header.trim());
    const field = custom ? undefined : columnAliases[normaliseHeader(header)];
    if (!custom && !field) {
      ignoredColumns.push(header);
      continue;
    }
    if (value === undefined || value === '') continue;
    if (custom) customFields[(custom[1] as string).trim()] = value;
    else if (field === 'tags') contact.tags = value.split(/[;,|]/).map((tag) => tag.trim()).filter(Boolean);
    else if (field === 'country') contact.country = value.toUpperCase();
    else if (field === 'lifecycleStage') contact.lifecycleStage = value.toLowerCase();
    else contact[field as string] = value;
  }
  if (Object.keys(customFields).length) contact.customFields = customFields;
  return { contact, ignoredColumns };
}
