import * as z from 'zod';
import { defineRoute } from '../kit/route.ts';

export const openApiRoutes = {
  openApiDocument: defineRoute({
    name: 'OpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/http/openapi/index.ts',
    access: 'public',
    publicBecause: 'the API description, no data.',
    tableAccess: 'read',
    tag: 'Meta',
    summary: 'This API described as OpenAPI 3.1',
    request: {},
    responses: { 200: { description: 'The OpenAPI document', body: z.record(z.string(), z.unknown()) } },
  }),
};
