import type { LifecycleStage } from '../contacts/contact.schema.ts';

/**
 * What Relay knows about the CSV exports of the CRMs customers move from: their column names and
 * their lifecycle labels, as data. Sources (see README, "CSV import"): HubSpot's contact and company
 * property labels as its exports write them; Salesforce's field labels of Contact, Lead and Account
 * (developer.salesforce.com field reference); Mautic's export code (mautic/mautic: ExportHelper's
 * parseLeadToExport writes `id`, each profile field's alias and `stage`; owner, date_added and tags are
 * the extra columns its import template takes); Twenty's export code
 * (twentyhq/twenty: buildRecordExportColumns writes "<field label> / <sub-field label>" for composite
 * fields, from COMPOSITE_FIELD_SUB_FIELD_LABELS, and starts the file with a BOM).
 */
export const crmSources = ['hubspot', 'salesforce', 'mautic', 'twenty'] as const;
export type CrmSource = (typeof crmSources)[number];

export const crmNames: Record<CrmSource, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  mautic: 'Mautic',
  twenty: 'Twenty',
};

/** Header as compared: lower case, letters and digits only ("Country/Region" → "countryregion"). */
export const looseHeader = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

export type ImportEntity = 'contacts' | 'companies';

/** Where a column goes: a Relay field, `custom.<name>`, or `ignore` (with why). */
export interface KnownColumn {
  field: string;
  reason?: string;
}

type ColumnTable = readonly (readonly [header: string, field: string, reason?: string])[];

interface CrmFormat {
  /** Loose headers that only (or mostly) this CRM writes; two or more identify the file. */
  signature: readonly string[];
  columns: Record<ImportEntity, ColumnTable>;
  /** Loose label → Relay stage, on top of the shared table below. */
  stages: readonly (readonly [label: string, stage: LifecycleStage])[];
}

const formats: Record<CrmSource, CrmFormat> = {
  hubspot: {
    signature: ['Record ID', 'Contact owner', 'Company owner', 'Create Date', 'Lifecycle Stage', 'Country/Region'],
    columns: {
      contacts: [
        ['Record ID', 'ignore', "HubSpot's own id; Relay gives the contact its own"],
        ['First Name', 'firstName'],
        ['Last Name', 'lastName'],
        ['Email', 'email'],
        ['Phone Number', 'phone'],
        ['Mobile Phone Number', 'phone'],
        ['Job Title', 'jobTitle'],
        ['Lifecycle Stage', 'lifecycleStage'],
        ['Contact owner', 'owner'],
        ['Create Date', 'originalCreatedAt'],
        ['Company Name', 'companyName'],
        ['Associated Company', 'companyName'],
        ['Country/Region', 'country'],
        ['Time Zone', 'timeZone'],
        ['Lead Status', 'custom.leadStatus'],
        ['Last Activity Date', 'ignore', 'activity history is not imported'],
      ],
      companies: [
        ['Record ID', 'ignore', "HubSpot's own id; Relay gives the company its own"],
        ['Company name', 'name'],
        ['Company Domain Name', 'domain'],
        ['Website URL', 'domain'],
        ['Industry', 'industry'],
        ['Number of Employees', 'size'],
        ['Annual Revenue', 'annualRevenue'],
        ['Country/Region', 'country'],
        ['Company owner', 'owner'],
        ['Create Date', 'ignore', 'companies keep no original creation date'],
      ],
    },
    stages: [
      ['marketingqualifiedlead', 'mql'],
      ['salesqualifiedlead', 'sql'],
    ],
  },
  salesforce: {
    signature: [
      'Contact ID',
      'Lead ID',
      'Account ID',
      'Mailing Country',
      'Lead Status',
      'Lead Source',
      'Contact Owner',
      'Lead Owner',
      'Account Owner',
      'Owner Email',
      'Created Date',
      'Account Name',
    ],
    columns: {
      contacts: [
        ['Contact ID', 'ignore', "Salesforce's own id; Relay gives the contact its own"],
        ['Lead ID', 'ignore', "Salesforce's own id; Relay gives the contact its own"],
        ['First Name', 'firstName'],
        ['Last Name', 'lastName'],
        ['Email', 'email'],
        ['Phone', 'phone'],
        ['Mobile', 'phone'],
        ['Mobile Phone', 'phone'],
        ['Business Phone', 'phone'],
        ['Title', 'jobTitle'],
        ['Lead Status', 'lifecycleStage'],
        ['Lead Source', 'custom.leadSource'],
        ['Owner Email', 'owner'],
        ['Contact Owner', 'owner'],
        ['Lead Owner', 'owner'],
        ['Created Date', 'originalCreatedAt'],
        ['Mailing Country', 'country'],
        ['Country', 'country'],
        ['Account Name', 'companyName'],
        ['Company', 'companyName'],
        ['Account ID', 'ignore', "Salesforce's account id; the account name is imported"],
      ],
      companies: [
        ['Account ID', 'ignore', "Salesforce's own id; Relay gives the company its own"],
        ['Account Name', 'name'],
        ['Website', 'domain'],
        ['Industry', 'industry'],
        ['Employees', 'size'],
        ['Annual Revenue', 'annualRevenue'],
        ['Billing Country', 'country'],
        ['Account Owner', 'owner'],
        ['Owner Email', 'owner'],
        ['Created Date', 'ignore', 'companies keep no original creation date'],
      ],
    },
    // Lead Status picklist (the default values): a lead being worked is sales-qualified; a converted
    // lead became a contact with an opportunity; a lead closed without conversion is "other".
    stages: [
      ['opennotcontacted', 'lead'],
      ['open', 'lead'],
      ['workingcontacted', 'sql'],
      ['working', 'sql'],
      ['contacted', 'sql'],
      ['qualified', 'sql'],
      ['closedconverted', 'opportunity'],
      ['converted', 'opportunity'],
      ['closednotconverted', 'other'],
      ['unqualified', 'other'],
    ],
  },
  mautic: {
    signature: [
      'date_added',
      'date_identified',
      'last_active',
      'points',
      'position',
      'owner_id',
      'preferred_locale',
      'attribution_date',
      'zipcode',
    ],
    columns: {
      contacts: [
        ['id', 'ignore', "Mautic's own id; Relay gives the contact its own"],
        ['title', 'ignore', "Mautic's title is a salutation (Mr, Ms, Dr), not a job title: its position is"],
        ['firstname', 'firstName'],
        ['lastname', 'lastName'],
        ['email', 'email'],
        ['phone', 'phone'],
        ['mobile', 'phone'],
        ['position', 'jobTitle'],
        ['company', 'companyName'],
        ['country', 'country'],
        ['timezone', 'timeZone'],
        ['stage', 'lifecycleStage'],
        ['owner', 'owner'],
        ['owner_id', 'ignore', "a Mautic user id, which means nothing in Relay: map an owner's email or name instead"],
        ['date_added', 'originalCreatedAt'],
        ['points', 'custom.points'],
        ['tags', 'tags'],
        ['date_identified', 'ignore', 'Relay keeps one original creation date (date_added)'],
        ['last_active', 'ignore', 'activity history is not imported'],
      ],
      companies: [
        ['id', 'ignore', "Mautic's own id; Relay gives the company its own"],
        ['companyname', 'name'],
        ['companywebsite', 'domain'],
        ['companyindustry', 'industry'],
        ['companynumber_of_employees', 'size'],
        ['companyannual_revenue', 'annualRevenue'],
        ['companycountry', 'country'],
        ['owner', 'owner'],
      ],
    },
    stages: [],
  },
  twenty: {
    signature: [
      'Name / First Name',
      'Name / Last Name',
      'Emails / Primary Email',
      'Phones / Primary Phone Number',
      'Creation date',
      'Last update',
      'Created by',
    ],
    columns: {
      contacts: [
        ['Id', 'ignore', "Twenty's own id; Relay gives the contact its own"],
        ['Name / First Name', 'firstName'],
        ['Name / Last Name', 'lastName'],
        ['Emails / Primary Email', 'email'],
        ['Emails / Additional Emails', 'ignore', 'Relay keeps one email per contact'],
        ['Phones / Primary Phone Number', 'phone'],
        ['Phones / Primary Phone Calling Code', 'phoneCallingCode'],
        ['Phones / Primary Phone Country Code', 'ignore', 'the calling code column already completes the phone'],
        ['Phones / Additional Phones', 'ignore', 'Relay keeps one phone per contact'],
        ['Job Title', 'jobTitle'],
        ['City', 'ignore', 'Relay keeps no city'],
        ['Company', 'companyName'],
        ['Company Id', 'ignore', 'a Twenty company id, which means nothing in Relay'],
        ['Created by', 'ignore', 'who typed the record into Twenty is not its owner (map it to owner if it is)'],
        ['Creation date', 'originalCreatedAt'],
        ['Last update', 'ignore', 'Relay records its own updates'],
      ],
      companies: [
        ['Id', 'ignore', "Twenty's own id; Relay gives the company its own"],
        ['Name', 'name'],
        ['Domain Name / Primary Link URL', 'domain'],
        ['Domain Name', 'domain'],
        ['Employees', 'size'],
        ['Annual Recurring Revenue / Amount', 'annualRevenue'],
        ['Address / Country', 'country'],
        ['Account Owner', 'owner'],
        ['Creation date', 'ignore', 'companies keep no original creation date'],
      ],
    },
    stages: [],
  },
};

/** Labels every CRM shares (HubSpot's labels and internal values, Relay's own names, common abbreviations). */
const sharedStages: readonly (readonly [string, LifecycleStage])[] = [
  ['subscriber', 'subscriber'],
  ['lead', 'lead'],
  ['newlead', 'lead'],
  ['mql', 'mql'],
  ['marketingqualifiedlead', 'mql'],
  ['marketingqualified', 'mql'],
  ['sql', 'sql'],
  ['salesqualifiedlead', 'sql'],
  ['salesqualified', 'sql'],
  ['opportunity', 'opportunity'],
  ['customer', 'customer'],
  ['evangelist', 'evangelist'],
  ['other', 'other'],
];

/** Generic aliases, whatever the file's origin. */
const genericColumns: Record<ImportEntity, ColumnTable> = {
  contacts: [
    ['email', 'email'],
    ['emailaddress', 'email'],
    ['e-mail', 'email'],
    ['mail', 'email'],
    ['firstname', 'firstName'],
    ['givenname', 'firstName'],
    ['lastname', 'lastName'],
    ['surname', 'lastName'],
    ['familyname', 'lastName'],
    ['phone', 'phone'],
    ['phonenumber', 'phone'],
    ['mobile', 'phone'],
    ['jobtitle', 'jobTitle'],
    ['title', 'jobTitle'],
    ['company', 'companyName'],
    ['companyname', 'companyName'],
    ['organization', 'companyName'],
    ['organisation', 'companyName'],
    ['country', 'country'],
    ['countrycode', 'country'],
    ['timezone', 'timeZone'],
    ['tz', 'timeZone'],
    ['lifecyclestage', 'lifecycleStage'],
    ['stage', 'lifecycleStage'],
    ['ownerid', 'owner'],
    ['owner', 'owner'],
    ['owneremail', 'owner'],
    ['tags', 'tags'],
    ['createdat', 'originalCreatedAt'],
    ['createdate', 'originalCreatedAt'],
    ['createddate', 'originalCreatedAt'],
    ['originalcreatedat', 'originalCreatedAt'],
  ],
  companies: [
    ['name', 'name'],
    ['company', 'name'],
    ['companyname', 'name'],
    ['domain', 'domain'],
    ['website', 'domain'],
    ['url', 'domain'],
    ['industry', 'industry'],
    ['size', 'size'],
    ['employees', 'size'],
    ['companysize', 'size'],
    ['country', 'country'],
    ['countrycode', 'country'],
    ['annualrevenue', 'annualRevenue'],
    ['revenue', 'annualRevenue'],
    ['ownerid', 'owner'],
    ['owner', 'owner'],
    ['tags', 'tags'],
  ],
};

const tableOf = (rows: ColumnTable) =>
  new Map(rows.map(([header, field, reason]) => [looseHeader(header), { field, ...(reason ? { reason } : {}) }]));

const crmColumnTables = new Map(
  crmSources.map((source) => [
    source,
    { contacts: tableOf(formats[source].columns.contacts), companies: tableOf(formats[source].columns.companies) },
  ]),
);
const genericColumnTables = {
  contacts: tableOf(genericColumns.contacts),
  companies: tableOf(genericColumns.companies),
};
const signatures = new Map(crmSources.map((source) => [source, new Set(formats[source].signature.map(looseHeader))]));

/** The column as the given CRM writes it, if it does. */
export const crmColumn = (source: CrmSource, entity: ImportEntity, header: string): KnownColumn | undefined =>
  crmColumnTables.get(source)?.[entity].get(looseHeader(header));

/** The column under a generic name ("E-Mail", "first_name"), if it is one. */
export const genericColumn = (entity: ImportEntity, header: string): KnownColumn | undefined =>
  genericColumnTables[entity].get(looseHeader(header));

/**
 * Which CRM wrote a file, from its header: the CRM with the most signature columns present, when
 * at least two are (one is a coincidence: many files have an "Email").
 */
export function detectCrm(headers: readonly string[]): CrmSource | undefined {
  const present = new Set(headers.map(looseHeader));
  let best: { source: CrmSource; hits: number } | undefined;
  for (const source of crmSources) {
    const hits = [...(signatures.get(source) ?? [])].filter((header) => present.has(header)).length;
    if (hits >= 2 && (!best || hits > best.hits)) best = { source, hits };
  }
  return best?.source;
}

const stageTables = new Map(
  crmSources.map((source) => [
    source,
    new Map<string, LifecycleStage>([...sharedStages, ...formats[source].stages].map(([l, s]) => [looseHeader(l), s])),
  ]),
);
const sharedStageTable = new Map<string, LifecycleStage>(sharedStages.map(([l, s]) => [looseHeader(l), s]));

/** A CRM's lifecycle label ("Marketing Qualified Lead", "Working - Contacted") as a Relay stage, if known. */
export function knownStage(label: string, source: CrmSource | undefined): LifecycleStage | undefined {
  const table = (source && stageTables.get(source)) || sharedStageTable;
  return table.get(looseHeader(label));
}
