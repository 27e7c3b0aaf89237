import * as z from 'zod';
import { CreateFormRequest, Form, FormId, ListFormsQuery, UpdateFormRequest } from '#shared/forms/form.schema.ts';
import { problemResponses as problems } from '../kit/responses.ts';
import { access, defineRoute, pageOf } from '../kit/route.ts';

const tag = 'Forms';
const Receipt = z.object({ submissionId: z.string(), status: z.literal('received') });
const FormFields = z.record(z.string().max(200), z.string().max(10_000));

export const formRoutes = {
  createForm: defineRoute({
    name: 'CreateForm',
    method: 'POST',
    path: '/forms',
    entry: 'functions/http/forms/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Configure a lead form (field mapping, allowed origins, consent, double opt-in, redirect, bot checks)',
    request: { body: CreateFormRequest },
    responses: { 201: { description: 'Created', body: Form }, 400: problems[400], 403: problems[403] },
  }),
  listForms: defineRoute({
    name: 'ListForms',
    method: 'GET',
    path: '/forms',
    entry: 'functions/http/forms/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'List forms',
    request: { query: ListFormsQuery },
    responses: { 200: { description: 'A page of forms', body: pageOf(Form) } },
  }),
  getForm: defineRoute({
    name: 'GetForm',
    method: 'GET',
    path: '/forms/{formId}',
    entry: 'functions/http/forms/index.ts',
    access: access.everyone,
    tableAccess: 'read',
    tag,
    summary: 'Read a form',
    request: { path: FormId },
    responses: { 200: { description: 'The form', body: Form }, 404: problems[404] },
  }),
  updateForm: defineRoute({
    name: 'UpdateForm',
    method: 'PATCH',
    path: '/forms/{formId}',
    entry: 'functions/http/forms/index.ts',
    access: access.marketing,
    tableAccess: 'readWrite',
    tag,
    summary: 'Change a form',
    request: { path: FormId, body: UpdateFormRequest },
    responses: {
      200: { description: 'The updated form', body: Form },
      400: problems[400],
      403: problems[403],
      404: problems[404],
      409: problems[409],
      412: problems[412],
    },
  }),
  formToken: defineRoute({
    name: 'FormToken',
    method: 'GET',
    path: '/forms/{formId}/token',
    entry: 'functions/http/forms/index.ts',
    access: 'public',
    publicBecause: 'a form token for a public web form, signed and expiring after a day; it grants nothing.',
    tableAccess: 'read',
    tag,
    usesAppSecrets: true,
    summary:
      'A signed JWT for the hidden _relay_token field (proves when the form was shown; for this form only, valid for 24 hours)',
    request: { path: FormId },
    responses: {
      200: { description: 'The token', body: z.object({ token: z.string(), field: z.string() }) },
      404: problems[404],
    },
  }),
  submitForm: defineRoute({
    name: 'SubmitForm',
    method: 'POST',
    path: '/forms/{formId}/submissions',
    entry: 'functions/http/forms/index.ts',
    access: 'public',
    publicBecause:
      "web forms on customers' sites: signed fill-time token, honeypot, optional Turnstile, per-IP and per-form rate limits, idempotency keys.",
    tableAccess: 'readWrite',
    tag,
    usesAppSecrets: true,
    summary:
      'Submit a form: HTML forms get a 303 redirect, JSON clients a 202 receipt. Idempotent (Idempotency-Key or identical content).',
    request: { path: FormId, formBody: FormFields },
    responses: {
      202: { description: 'Received (also the answer to bots, who are silently dropped)', body: Receipt },
      303: { description: 'Received; see the form’s thank-you page' },
      400: problems[400],
      403: { description: 'Origin not allowed or anti-bot check failed' },
      413: { description: 'Over 64 KiB' },
      415: { description: 'Neither urlencoded nor JSON' },
      422: { description: 'Idempotency-Key reused with another payload' },
      429: { description: 'Too many submissions from this network' },
    },
  }),
  formPreflight: defineRoute({
    name: 'FormPreflight',
    method: 'OPTIONS',
    path: '/forms/{formId}/submissions',
    entry: 'functions/http/forms/index.ts',
    access: 'public',
    publicBecause: "CORS preflight, allowed only for the form's configured origins.",
    tableAccess: 'read',
    tag,
    summary: 'CORS preflight: allowed only for the form’s origins',
    request: { path: FormId },
    responses: { 204: { description: 'Preflight answer' } },
  }),
};
