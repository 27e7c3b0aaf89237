import { ImportContactsRequest, ImportContactsResponse } from '#shared/imports/import.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute } from '../kit/route.ts';

export const importRoutes = {
  importContacts: defineRoute({
    name: 'ImportContacts', method: 'POST', path: '/imports/contacts', entry: 'functions/http/imports/index.ts',
    access: access.marketing, tableAccess: 'readWrite', tag: 'Imports',
    summary: 'Import up to 100 CSV rows: each creates a contact or merges into the one with its email; bad rows are rejected with reasons (npm run import streams a file through this)',
    request: { body: ImportContactsRequest },
    responses: { 200: { description: 'One result per row', body: ImportContactsResponse }, 400: problems[400], 403: problems[403] },
  }),
};
