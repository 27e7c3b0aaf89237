import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An API Gateway HTTP API v2 event, as AWS sends it, for handler tests. */
export function anHttpEvent(overrides: {
  method?: string;
  path?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
} = {}): APIGatewayProxyEventV2 {
  const method = overrides.method ?? 'GET';
  const path = overrides.path ?? '/';
  const body = overrides.rawBody ?? (overrides.body === undefined ? undefined : JSON.stringify(overrides.body));
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(overrides.query ?? {}).toString(),
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...overrides.headers },
    ...(overrides.query ? { queryStringParameters: overrides.query } : {}),
    ...(overrides.pathParameters ? { pathParameters: overrides.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'test',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}
