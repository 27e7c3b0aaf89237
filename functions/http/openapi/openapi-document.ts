import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteSpec } from '../kit/route.ts';

const Problem = z
  .object({
    type: z.string().meta({ example: 'urn:relay:problem:validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** The OpenAPI 3.1 document of the API, generated from the route table's zod schemas (never written by hand). */
export function openApiDocument(routes: readonly RouteSpec[], serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const operation: ZodOpenApiOperationObject = {
      operationId: route.name,
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : { description: `Roles: ${route.access.join(', ')}` }),
      ...(route.request.path || route.request.query || route.request.headers
        ? {
            requestParams: {
              ...(route.request.path ? { path: route.request.path as never } : {}),
              ...(route.request.query ? { query: route.request.query as never } : {}),
              ...(route.request.headers ? { header: route.request.headers as never } : {}),
            },
          }
        : {}),
      ...(route.request.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: route.request.body } } } }
        : {}),
      ...(route.request.formBody
        ? {
            requestBody: {
              required: true,
              content: {
                'application/x-www-form-urlencoded': { schema: route.request.formBody },
                'application/json': { schema: route.request.formBody },
              },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.body
              ? { content: { 'application/json': { schema: response.body } } }
              : Number(status) >= 400
                ? { content: { 'application/problem+json': { schema: Problem } } }
                : {}),
          },
        ]),
      ),
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Relay CRM API',
      version: '1.0.0',
      description: 'Contacts, companies, deals, activities, segments and imports. Errors are RFC 9457 problem+json.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito access token (locally: a dev token printed by npm start)',
        },
      },
    },
    paths,
  });
}
