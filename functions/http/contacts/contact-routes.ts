import {
  Contact,
  ContactId,
  CreateContactRequest,
  ListContactsQuery,
  UpdateContactRequest,
} from '#shared/contacts/contact.schema.ts';
import { ErasureSummary, PersonalDataExport } from '#shared/privacy/personal-data.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const ContactPage = pageOf(Contact);
const tag = 'Contacts';

export const contactRoutes = {
  createContact: defineRoute({
    name: 'CreateContact',
    method: 'POST',
    path: '/contacts',
    entry: 'functions/http/contacts/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Create a contact (email unique after normalisation; linked to the company of its email domain)',
    request: { body: CreateContactRequest },
    responses: {
      201: { description: 'Created', body: Contact },
      400: problems[400],
      403: problems[403],
      409: problems[409],
    },
  }),
  listContacts: defineRoute({
    name: 'ListContacts',
    method: 'GET',
    path: '/contacts',
    entry: 'functions/http/contacts/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'List contacts newest first, by owner, company or lifecycle stage',
    request: { query: ListContactsQuery },
    responses: { 200: { description: 'A page of contacts', body: ContactPage }, 400: problems[400] },
  }),
  getContact: defineRoute({
    name: 'GetContact',
    method: 'GET',
    path: '/contacts/{contactId}',
    entry: 'functions/http/contacts/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'Read a contact (ETag = version)',
    request: { path: ContactId },
    responses: { 200: { description: 'The contact', body: Contact }, 404: problems[404] },
  }),
  updateContact: defineRoute({
    name: 'UpdateContact',
    method: 'PATCH',
    path: '/contacts/{contactId}',
    entry: 'functions/http/contacts/index.ts',
    access: access.everyone,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a contact with a JSON Merge Patch; If-Match for optimistic concurrency',
    request: { path: ContactId, body: UpdateContactRequest },
    responses: {
      200: { description: 'The updated contact', body: Contact },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  deleteContact: defineRoute({
    name: 'DeleteContact',
    method: 'DELETE',
    path: '/contacts/{contactId}',
    entry: 'functions/http/contacts/index.ts',
    access: access.sales,
    tableAccess: 'readWrite',
    tag,
    summary: 'Delete a contact (sales reps: their own only)',
    request: { path: ContactId },
    responses: {
      204: { description: 'Deleted' },
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  exportPersonalData: defineRoute({
    name: 'ExportPersonalData',
    method: 'GET',
    path: '/contacts/{contactId}/personal-data',
    entry: 'functions/http/contacts/index.ts',
    access: access.admin,
    tableAccess: 'read',
    tag,
    summary:
      'GDPR access and portability: everything held about the contact (consent history, engagements, timeline, enrollments, surveys, deals, suppression)',
    request: { path: ContactId },
    responses: {
      200: { description: 'Everything held about the contact', body: PersonalDataExport },
      403: problems[403],
      404: problems[404],
    },
  }),
  eraseContact: defineRoute({
    name: 'EraseContact',
    method: 'POST',
    path: '/contacts/{contactId}/erasure',
    entry: 'functions/http/contacts/index.ts',
    access: access.admin,
    tableAccess: 'readWrite',
    tag,
    summary:
      'GDPR erasure: removes everything held about the contact but a hashed suppression entry with its consent history; deals are kept, unlinked. Idempotent; a retry finishes an interrupted erasure',
    request: { path: ContactId },
    responses: {
      200: { description: 'What was erased', body: ErasureSummary },
      403: problems[403],
      409: problems[409],
    },
  }),
};
