import { writeFileSync } from 'node:fs';

/**
 * A contacts CSV of `rows` rows in which every 20th row (offset 7) is invalid and every 10th row
 * (offset 3) repeats the email of the row three above it in other letter case: half of those repeats
 * add a tag (an update), half repeat the row exactly (unchanged).
 */
export function writeContactsCsv(
  path: string,
  rows: number,
  options: { bom?: boolean; lineEnd?: '\n' | '\r\n' } = {},
): { created: number; updated: number; unchanged: number; rejected: number } {
  const lines = ['Email,First Name,last_name,Country,Lifecycle Stage,Tags,custom.plan,Favourite Colour'];
  const expected = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const person = (i: number, extraTag = '') => [
    `person${i}@Example.com`,
    `First${i}`,
    `Last "${i}"`,
    i % 2 ? 'de' : 'US',
    'lead',
    `import;batch${i % 5}${extraTag}`,
    i % 3 ? 'growth' : '',
    'blue',
  ];
  for (let i = 0; i < rows; i++) {
    let cells: string[];
    if (i % 20 === 7) {
      cells = [`not-an-email-${i}`, 'Bad', 'Row', 'Germany', 'lead', '', '', ''];
      expected.rejected++;
    } else if (i % 10 === 3) {
      const original = person(i - 3, i % 20 === 3 ? ';repeat-visitor' : '');
      cells = [(original[0] as string).toUpperCase(), ...original.slice(1)];
      if (i % 20 === 3) expected.updated++;
      else expected.unchanged++;
    } else {
      cells = person(i);
      expected.created++;
    }
    lines.push(cells.map((cell) => (/[",;\s]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','));
  }
  const lineEnd = options.lineEnd ?? '\n';
  writeFileSync(path, `${options.bom ? '\uFEFF' : ''}${lines.join(lineEnd)}${lineEnd}`);
  return expected;
}

/** The Relay owners the CRM fixtures name (by email or by name); create them before importing. */
export const fixtureOwners = [
  { name: 'Margaret Hamilton', email: 'margaret@relay-import.example' },
  { name: 'Katherine Johnson', email: 'katherine@relay-import.example' },
] as const;

export interface CrmExportFixture {
  /** The file as the CRM writes it (BOM, line ends and all). */
  csv: string;
  rows: number;
  /** The CSV line of the row whose phone is in Persian digits (valid once shared/contacts accepts them). */
  persianPhoneLine: number;
  /** Lines whose owner is no Relay owner: imported without one, with a warning. */
  unknownOwnerLines: number[];
  /** What the rows must become, by email. */
  expected: Record<string, Record<string, unknown>>;
}

const file = (lines: string[], { bom, lineEnd }: { bom: boolean; lineEnd: '\n' | '\r\n' }) =>
  `${bom ? '\uFEFF' : ''}${lines.join(lineEnd)}${lineEnd}`;

/**
 * A contacts export of each CRM in the shape it writes it: HubSpot (BOM, CRLF, its property labels,
 * owner names, `2024-03-05 14:22` dates), Salesforce (a lead report: Lead Status, Owner Email, US
 * `3/5/2024 2:22 PM` dates), Mautic (field aliases with the owner, date_added and `|` tags columns its
 * import template takes; its own export has none of those, see `mauticContactExport`) and Twenty (BOM,
 * `Field / Sub-field` columns, the phone split into calling code and number, ISO dates). Each holds
 * Persian names and a Persian-digit phone, an MQL or SQL label, an owner and a creation date.
 */
export const crmExports = {
  hubspot: {
    csv: file(
      [
        'Record ID,First Name,Last Name,Email,Phone Number,Job Title,Lifecycle Stage,Contact owner,Create Date,Company Name,Country/Region,Time Zone,Lead Status',
        '51234501,Ada,Lovelace,ada@hs-import.example,+44 20 7946 0958,CTO,Marketing Qualified Lead,Margaret Hamilton,2023-11-14 09:30,Analytical Engines,United Kingdom,Europe/London,OPEN',
        '51234502,مریم,میرزاخانی,maryam@hs-import.example,+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹,پژوهشگر,Sales Qualified Lead,Katherine Johnson,2024-03-05 14:22,دانشگاه شریف,Iran,Asia/Tehran,IN_PROGRESS',
        '51234503,Grace,Hopper,grace@hs-import.example,+1 202 555 0143,Rear Admiral,Customer,katherine@relay-import.example,2022-01-09 16:05,Navy,United States,America/New_York,',
        '51234504,Hedy,Lamarr,hedy@hs-import.example,,,Subscriber,,2021-06-30 08:00,,Austria,,',
        '51234505,Alan,Turing,alan@hs-import.example,+44 161 496 0000,Researcher,Opportunity,Former Rep,2024-02-29 23:59,Bletchley Park,United Kingdom,,',
        '51234506,علی,رضایی,ali@hs-import.example,+98 21 6616 1234,مدیر فروش,Sales Qualified Lead,Margaret Hamilton,2024-01-20 10:15,پارس,Iran,,CONNECTED',
        '51234507,Emmy,Noether,emmy@hs-import.example,,Professor,Evangelist,,2020-12-01 12:00,,Germany,Europe/Berlin,',
        '51234508,Lise,Meitner,lise@hs-import.example,,,Other,,2020-05-17 07:45,,Sweden,,',
        '51234509,Rosalind,Franklin,rosalind@hs-import.example,,Chemist,Lead,Margaret Hamilton,2019-07-25 18:30,,United Kingdom,,',
      ],
      { bom: true, lineEnd: '\r\n' },
    ),
    rows: 9,
    persianPhoneLine: 3,
    unknownOwnerLines: [6],
    expected: {
      'ada@hs-import.example': {
        firstName: 'Ada',
        lifecycleStage: 'mql',
        country: 'GB',
        timeZone: 'Europe/London',
        companyName: 'Analytical Engines',
        originalCreatedAt: '2023-11-14T09:30:00.000Z',
        customFields: { leadStatus: 'OPEN' },
        owner: 'margaret@relay-import.example',
      },
      'maryam@hs-import.example': {
        firstName: 'مریم',
        lastName: 'میرزاخانی',
        jobTitle: 'پژوهشگر',
        lifecycleStage: 'sql',
        country: 'IR',
        timeZone: 'Asia/Tehran',
        originalCreatedAt: '2024-03-05T14:22:00.000Z',
        owner: 'katherine@relay-import.example',
      },
      'grace@hs-import.example': { lifecycleStage: 'customer', country: 'US', owner: 'katherine@relay-import.example' },
      'hedy@hs-import.example': { lifecycleStage: 'subscriber', country: 'AT' },
      'alan@hs-import.example': { lifecycleStage: 'opportunity', originalCreatedAt: '2024-02-29T23:59:00.000Z' },
      'ali@hs-import.example': { firstName: 'علی', lifecycleStage: 'sql', owner: 'margaret@relay-import.example' },
      'emmy@hs-import.example': { lifecycleStage: 'evangelist', country: 'DE' },
      'lise@hs-import.example': { lifecycleStage: 'other', country: 'SE' },
      'rosalind@hs-import.example': {
        lifecycleStage: 'lead',
        originalCreatedAt: '2019-07-25T18:30:00.000Z',
        owner: 'margaret@relay-import.example',
      },
    },
  },
  salesforce: {
    csv: file(
      [
        '"Lead ID","First Name","Last Name","Title","Company","Email","Phone","Country","Lead Status","Lead Source","Lead Owner","Owner Email","Created Date"',
        '"00Q5g00000AbCdE1","Dorothy","Vaughan","Analyst","NACA","dorothy@sf-import.example","(757) 555-0101","United States","Open - Not Contacted","Web","Margaret Hamilton","margaret@relay-import.example","3/5/2024 2:22 PM"',
        '"00Q5g00000AbCdE2","سارا","احمدی","کارشناس","ایران‌خودرو","sara@sf-import.example","+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹","Iran","Working - Contacted","Trade Show","Katherine Johnson","katherine@relay-import.example","13/5/2024 9:05 AM"',
        '"00Q5g00000AbCdE3","Mary","Jackson","Engineer","NASA","mary@sf-import.example","+1 757 555 0102","USA","Marketing Qualified","Partner Referral","Margaret Hamilton","margaret@relay-import.example","12/31/2023 11:59 PM"',
        '"00Q5g00000AbCdE4","Annie","Easley","Programmer","NASA","annie@sf-import.example","","United States","Closed - Converted","Web","Left Company","gone@old-crm.example","1/2/2023 8:00 AM"',
        '"00Q5g00000AbCdE5","Evelyn","Boyd","Mathematician","","evelyn@sf-import.example","","Canada","Closed - Not Converted","","","","2022-06-01T10:00:00.000Z"',
      ],
      { bom: false, lineEnd: '\r\n' },
    ),
    rows: 5,
    persianPhoneLine: 3,
    unknownOwnerLines: [5],
    expected: {
      'dorothy@sf-import.example': {
        lifecycleStage: 'lead',
        country: 'US',
        companyName: 'NACA',
        jobTitle: 'Analyst',
        originalCreatedAt: '2024-03-05T14:22:00.000Z',
        customFields: { leadSource: 'Web' },
        owner: 'margaret@relay-import.example',
      },
      'sara@sf-import.example': {
        firstName: 'سارا',
        lifecycleStage: 'sql',
        country: 'IR',
        originalCreatedAt: '2024-05-13T09:05:00.000Z',
        owner: 'katherine@relay-import.example',
      },
      'mary@sf-import.example': {
        lifecycleStage: 'mql',
        country: 'US',
        originalCreatedAt: '2023-12-31T23:59:00.000Z',
        owner: 'margaret@relay-import.example',
      },
      'annie@sf-import.example': { lifecycleStage: 'opportunity', originalCreatedAt: '2023-01-02T08:00:00.000Z' },
      'evelyn@sf-import.example': { lifecycleStage: 'other', country: 'CA' },
    },
  },
  mautic: {
    csv: file(
      [
        'id,firstname,lastname,email,phone,mobile,position,company,country,timezone,stage,owner,date_added,points,tags',
        '101,Nasrin,Soltani,nasrin@mt-import.example,,+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹,طراح,فن‌آوران,Iran,Asia/Tehran,MQL,margaret@relay-import.example,2024-03-05 14:22:11,35,webinar|vip',
        '102,رضا,کریمی,reza@mt-import.example,+98 21 8888 0000,,مدیر,,Iran,,SQL,katherine@relay-import.example,2023-10-01 09:00:00,80,demo',
        '103,Jean,Dupont,jean@mt-import.example,+33 1 23 45 67 89,,Directeur,Société Générale,France,Europe/Paris,Customer,nobody@old-crm.example,2022-02-14 18:45:00,120,',
        '104,Ines,Garcia,ines@mt-import.example,,,,,Spain,,,,2021-09-09 09:09:09,0,newsletter',
      ],
      { bom: false, lineEnd: '\n' },
    ),
    rows: 4,
    persianPhoneLine: 2,
    unknownOwnerLines: [4],
    expected: {
      'nasrin@mt-import.example': {
        lifecycleStage: 'mql',
        country: 'IR',
        jobTitle: 'طراح',
        tags: ['webinar', 'vip'],
        originalCreatedAt: '2024-03-05T14:22:11.000Z',
        customFields: { points: '35' },
        owner: 'margaret@relay-import.example',
      },
      'reza@mt-import.example': { firstName: 'رضا', lifecycleStage: 'sql', owner: 'katherine@relay-import.example' },
      'jean@mt-import.example': { lifecycleStage: 'customer', country: 'FR', companyName: 'Société Générale' },
      'ines@mt-import.example': { lifecycleStage: 'subscriber', country: 'ES', tags: ['newsletter'] },
    },
  },
  twenty: {
    csv: file(
      [
        'Id,Name / First Name,Name / Last Name,Emails / Primary Email,Emails / Additional Emails,Phones / Primary Phone Number,Phones / Primary Phone Country Code,Phones / Primary Phone Calling Code,Phones / Additional Phones,Job Title,City,Company Id,Stage,Owner,Created by,Creation date,Last update',
        '3f1c0a52-8f1e-4c57-9d7a-0b7c2d9e4a11,Zahra,Hosseini,zahra@tw-import.example,,۹۱۲ ۳۴۵ ۶۷۸۹,IR,+98,,مهندس نرم‌افزار,Tehran,,SQL,margaret@relay-import.example,Katherine Johnson,2024-03-05T14:22:00.000Z,2024-04-01T08:00:00.000Z',
        '6a2d9b7e-1c3f-4e8a-b5d6-7f8e9a0b1c22,Linus,Berg,linus@tw-import.example,"[""linus@home.example""]",70 123 45 67,SE,+46,,Developer,Stockholm,,MQL,katherine@relay-import.example,Katherine Johnson,2023-08-15T06:30:00.000Z,2023-08-15T06:30:00.000Z',
        '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d33,محمد,نوری,mohammad@tw-import.example,,,,,,,Shiraz,,Lead,someone@old-crm.example,Katherine Johnson,2022-11-11T11:11:11.000Z,2022-11-11T11:11:11.000Z',
      ],
      { bom: true, lineEnd: '\n' },
    ),
    rows: 3,
    persianPhoneLine: 2,
    unknownOwnerLines: [4],
    expected: {
      'zahra@tw-import.example': {
        firstName: 'Zahra',
        lifecycleStage: 'sql',
        jobTitle: 'مهندس نرم‌افزار',
        originalCreatedAt: '2024-03-05T14:22:00.000Z',
        owner: 'margaret@relay-import.example',
      },
      'linus@tw-import.example': {
        lifecycleStage: 'mql',
        phone: '+46 70 123 45 67',
        originalCreatedAt: '2023-08-15T06:30:00.000Z',
        owner: 'katherine@relay-import.example',
      },
      'mohammad@tw-import.example': { firstName: 'محمد', lifecycleStage: 'lead' },
    },
  },
} satisfies Record<string, CrmExportFixture>;

const quotedRow = (cells: readonly string[]) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',');

/**
 * A contacts file exactly as Mautic's own export writes it, read from mautic/mautic: ExportHelper's
 * `parseLeadToExport` is the contact's profile fields (`id`, then each field's alias, core then social)
 * plus the stage's name; the CSV goes through PhpSpreadsheet's writer with a BOM, every cell quoted and
 * `\n` line ends. There is no owner, creation date or tags column; `title` is a salutation (Mr, Ms, Dr).
 */
export const mauticContactExport = {
  csv: file(
    [
      'id,title,firstname,lastname,company,position,email,mobile,phone,points,fax,address1,address2,city,state,zipcode,country,preferred_locale,timezone,last_active,attribution_date,attribution,website,facebook,foursquare,instagram,linkedin,skype,twitter,stage'.split(
        ',',
      ),
      // prettier-ignore
      ['201', 'Ms', 'Shirin', 'Ebadi', 'کانون وکلا', 'وکیل', 'shirin@mt-export.example', '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', '', '42', '', 'Vali-e Asr 12', '', 'Tehran', '', '1517', 'Iran', 'fa_IR', 'Asia/Tehran', '2024-03-05 14:22:11', '', '0', '', '', '', '', '', '', '', 'MQL'],
      // prettier-ignore
      ['202', 'Dr', 'Karim', 'Benali', 'Atlas "Nord"', 'Directeur', 'karim@mt-export.example', '', '+212 522 123456', '7', '', '', '', 'Casablanca', '', '', 'Morocco', 'fr_FR', 'Africa/Casablanca', '', '', '', 'https://atlas.example', '', '', '', '', '', '', 'Customer'],
      // prettier-ignore
      ['203', 'Mr', 'Lee', 'Chen', '', '', 'lee@mt-export.example', '', '', '0', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    ].map(quotedRow),
    { bom: true, lineEnd: '\n' },
  ),
  rows: 3,
  expected: {
    'shirin@mt-export.example': {
      firstName: 'Shirin',
      jobTitle: 'وکیل',
      companyName: 'کانون وکلا',
      phoneE164: '+989123456789',
      country: 'IR',
      timeZone: 'Asia/Tehran',
      lifecycleStage: 'mql',
      customFields: { points: '42' },
    },
    'karim@mt-export.example': { jobTitle: 'Directeur', companyName: 'Atlas "Nord"', lifecycleStage: 'customer' },
    'lee@mt-export.example': { firstName: 'Lee', lastName: 'Chen' },
  },
};
