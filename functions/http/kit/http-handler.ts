import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { requireRole } from '#shared/auth/policy.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { logger } from '../../observability.ts';
import { validate } from '../../kit/validate.ts';
import { consoleCorsHeaders, consoleOrigins } from './console-cors.ts';
import { principalFrom } from './principal.ts';
import { problemFor, problemResponse } from './problem.ts';
import { clientIp, header, parseFormBody, parseJsonBody } from './request.ts';
import type { RouteSpec } from './route.ts';

export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface ParsedRequest<P, Q, B, H = unknown> {
  path: P;
  query: Q;
  body: B;
  /** The headers the route declares, validated (by lowercase name). */
  headers: H;
  /** Who is calling; on public routes, a fixed anonymous principal with no roles. */
  principal: Principal;
  /** The caller's IP address: the viewer's behind the edge (once its origin header is verified), else API Gateway's source IP. */
  clientIp: string;
  event: APIGatewayProxyEventV2;
}

/** What a guard established about where the request came from. */
export interface RequestOrigin {
  /** The request proved it came through the stage's CloudFront distribution (its secret origin header). */
  viaEdge: boolean;
}

const anonymous: Principal = { kind: 'user', subject: 'anonymous', roles: [] };

/**
 * The one way an HTTP handler is built: enforce the route's access (401/403), validate path, query
 * and body with the route's zod schemas, run `handle`, and turn any thrown error into RFC 9457
 * problem+json. Every HTTP function shares this middy stack.
 */
export function httpHandler<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  H extends z.ZodType = z.ZodType,
>(
  route: RouteSpec<P, Q, B, H>,
  handle: (request: ParsedRequest<z.infer<P>, z.infer<Q>, z.infer<B>, z.infer<H>>) => Promise<HttpResult>,
  options: {
    decorate?: (event: APIGatewayProxyEventV2, response: HttpResult) => Promise<HttpResult>;
    /** Runs before anything else; public routes get the edge-origin check (see publicHttpHandler). */
    guard?: (event: APIGatewayProxyEventV2) => Promise<RequestOrigin>;
  } = {},
) {
  // A public route built without its guard would answer around the WAF: refuse it when the module loads.
  if (route.access === 'public' && !options.guard)
    throw new Error(`${route.name} is public: build its handler with publicHttpHandler`);
  const { request: schemas } = route;
  const base = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const origin = (await options.guard?.(event)) ?? { viaEdge: false };
    let principal = anonymous;
    if (route.access !== 'public') {
      principal = principalFrom(event);
      requireRole(principal, route.access, `call ${route.method} ${route.path}`);
    }
    // The body is read first so that a media type the route does not take is a 415, whatever else is wrong.
    const body = schemas.body ? parseJsonBody(event) : schemas.formBody ? parseFormBody(event) : undefined;
    return handle({
      path: schemas.path ? validate(schemas.path, event.pathParameters ?? {}, 'path') : undefined,
      query: schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined,
      headers: schemas.headers ? validate(schemas.headers, lowercaseHeaders(event), 'header') : undefined,
      body: schemas.body
        ? validate(schemas.body, body, 'body')
        : schemas.formBody
          ? validate(schemas.formBody, body, 'body')
          : undefined,
      principal,
      clientIp: clientIp(event, origin.viaEdge),
      event,
    } as ParsedRequest<z.infer<P>, z.infer<Q>, z.infer<B>, z.infer<H>>);
  };

  const decorate = async (request: { event: APIGatewayProxyEventV2; response: HttpResult | null }) => {
    if (options.decorate && request.response)
      request.response = await options.decorate(request.event, request.response);
  };
  // The console's origin may read every answer, problems included (see console-cors.ts).
  const allowConsole = async (request: { event: APIGatewayProxyEventV2; response: HttpResult | null }) => {
    const cors = consoleCorsHeaders(header(request.event, 'origin'), consoleOrigins());
    if (request.response && Object.keys(cors).length > 0)
      request.response = { ...request.response, headers: { ...request.response.headers, ...cors } };
  };
  // middy runs after and onError handlers last-registered first: problems are mapped, then decorated,
  // then given the console's CORS headers.
  return middy<APIGatewayProxyEventV2, HttpResult, Error, Context>(base)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ after: allowConsole, onError: allowConsole })
    .use({ after: decorate, onError: decorate })
    .use({
      onError: async (request) => {
        const problem = problemFor(request.error, request.event.rawPath);
        if (problem.status >= 500) logger.error('Request failed', request.error as Error);
        request.response = problemResponse(problem);
      },
    });
}

/** API Gateway (HTTP API, payload 2.0) lowercases header names; a local or test event may not. */
function lowercaseHeaders(event: APIGatewayProxyEventV2): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function noContent(): HttpResult {
  return { statusCode: 204 };
}
