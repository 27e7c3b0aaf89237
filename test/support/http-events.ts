import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpApiEvent } from '../../local/lambda-adapter.ts';

/** An API Gateway HTTP API v2 event, built by the same adapter the local server uses. */
export function anHttpEvent(
  overrides: {
    method?: string;
    path?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const method = overrides.method ?? 'GET';
  const path = overrides.path ?? '/';
  const body = overrides.rawBody ?? (overrides.body === undefined ? undefined : JSON.stringify(overrides.body));
  const query = new URLSearchParams(overrides.query ?? {}).toString();
  return httpApiEvent({
    method,
    url: query ? `${path}?${query}` : path,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...overrides.headers },
    ...(body !== undefined ? { body: Buffer.from(body) } : {}),
    route: { routeKey: `${method} ${path}`, pathParameters: overrides.pathParameters ?? {} },
  });
}
