import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

const textualContentType =
  /^(text\/|application\/([\w.+-]+\+)?(json|xml|x-www-form-urlencoded)|application\/javascript)/i;

export interface HttpRequestParts {
  method: string;
  /** Path and query string, as in the request line. */
  url: string;
  /** Header name → values (repeated headers as several values). */
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer;
  sourceIp?: string;
  protocol?: string;
  route: { routeKey: string; pathParameters: Record<string, string> };
}

/**
 * The API Gateway HTTP API (payload format 2.0) event for a request, shaped as AWS builds it:
 * lower-cased headers (repeats joined with ","), repeated query parameters joined with ",",
 * non-text bodies base64-encoded.
 */
export function httpApiEvent(request: HttpRequestParts): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://local');
  // Built with fromEntries, so a parameter named `__proto__` is an own key, as in the JSON event AWS sends.
  const headers: Record<string, string> = Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), [value].flat().join(',')]],
    ),
  );
  const query: Record<string, string> = Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((name) => [name, url.searchParams.getAll(name).join(',')]),
  );
  const now = new Date();
  const body = request.body ?? Buffer.alloc(0);
  const isText = body.length === 0 || textualContentType.test(headers['content-type'] ?? '');
  const { route } = request;
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method,
        path: url.pathname,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
}

/** A Lambda context for a local invocation of `functionName`. */
export function lambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
