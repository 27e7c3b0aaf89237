import { readAs, type CsvColumns } from './csv-mapping.ts';

/** CSV columns of a contacts import. */
export const contactColumns: CsvColumns = {
  aliases: {
    email: 'email',
    emailaddress: 'email',
    'e-mail': 'email',
    mail: 'email',
    firstname: 'firstName',
    givenname: 'firstName',
    lastname: 'lastName',
    surname: 'lastName',
    familyname: 'lastName',
    phone: 'phone',
    phonenumber: 'phone',
    mobile: 'phone',
    jobtitle: 'jobTitle',
    title: 'jobTitle',
    company: 'companyName',
    companyname: 'companyName',
    organization: 'companyName',
    organisation: 'companyName',
    country: 'country',
    countrycode: 'country',
    timezone: 'timeZone',
    tz: 'timeZone',
    lifecyclestage: 'lifecycleStage',
    stage: 'lifecycleStage',
    ownerid: 'ownerId',
    owner: 'ownerId',
    tags: 'tags',
  },
  readers: { tags: readAs.list, country: readAs.upper, lifecycleStage: readAs.lower },
};

/** CSV columns of a companies import. */
export const companyColumns: CsvColumns = {
  aliases: {
    name: 'name',
    company: 'name',
    companyname: 'name',
    domain: 'domain',
    website: 'domain',
    url: 'domain',
    industry: 'industry',
    size: 'size',
    employees: 'size',
    companysize: 'size',
    country: 'country',
    countrycode: 'country',
    annualrevenue: 'annualRevenue',
    revenue: 'annualRevenue',
    ownerid: 'ownerId',
    owner: 'ownerId',
    tags: 'tags',
  },
  readers: { tags: readAs.list, country: readAs.upper, annualRevenue: readAs.number, size: readAs.digits },
};
