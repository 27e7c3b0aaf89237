import { ImportRowsRequest, ImportRowsResponse } from '#shared/imports/import.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

const responses = {
  200: {
    description: 'One result per row (in a dry run: what a real run would do), and how each column was read',
    body: ImportRowsResponse,
  },
  400: problems[400],
  403: problems[403],
};

export const importRoutes = {
  importContacts: defineRoute({
    name: 'ImportContacts',
    method: 'POST',
    path: '/imports/contacts',
    entry: 'functions/http/imports/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag: 'Imports',
    summary:
      'Import up to 100 CSV rows of contacts (HubSpot, Salesforce, Mautic and Twenty exports are recognised): each creates a contact or merges into the one with its email; bad rows are rejected with reasons; `dryRun: true` writes nothing',
    request: { body: ImportRowsRequest },
    responses,
  }),
  importCompanies: defineRoute({
    name: 'ImportCompanies',
    method: 'POST',
    path: '/imports/companies',
    entry: 'functions/http/imports/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag: 'Imports',
    summary:
      'Import up to 100 CSV rows of companies (domain required): each creates a company or merges into the one with its domain; `dryRun: true` writes nothing',
    request: { body: ImportRowsRequest },
    responses,
  }),
};
