import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteSpec } from '#functions/http/kit/route.ts';
import {
  consoleCorsHeaders,
  consoleOriginsVariable,
  consolePreflight,
  consolePreflightEntry,
} from '#functions/http/kit/console-cors.ts';
import { problemResponse, problemTypeUri } from '#functions/http/kit/problem.ts';
import { claimsAsApiGatewayPassesThem, type DevAuth } from './dev-auth.ts';
import { httpApiEvent, lambdaContext } from './lambda-adapter.ts';
import { loadHandler, type LambdaHandler } from './handler-loader.ts';

/** API Gateway's own payload limit; the handlers enforce their tighter ones. */
const maxPayloadBytes = 10 * 1024 * 1024;

/** HTTP API's limit on the request line and headers together (10,240 bytes); Node's own default is 16 KiB. */
const maxHeaderBytes = 10_240;

/** HTTP API waits at most 30 s for its Lambda integration, then answers 503 itself. */
export const apiRequestTimeoutMs = 30_000;

/** Extra, local-only endpoints (under /_local) served beside the API. */
export type LocalEndpoint = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void;

interface CompiledRoute {
  route: RouteSpec;
  pattern: RegExp;
  parameterNames: string[];
}

function compile(route: RouteSpec): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path.replace(/\{([^}]+?)(\+)?\}/g, (_, name: string, greedy?: string) => {
    parameterNames.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), parameterNames };
}

/**
 * Serves the HTTP API on loopback by turning each request into the API Gateway v2 event that
 * AWS would send and invoking the same handler module CDK deploys for that route.
 */
export async function startHttpServer(options: {
  routes: readonly RouteSpec[];
  port: number;
  localEndpoints?: Record<string, LocalEndpoint>;
  /** Stands in for API Gateway's JWT authorizer on every non-public route. */
  authorizer: DevAuth;
  /** The integration timeout (30 s, as HTTP API's); smaller in tests. */
  requestTimeoutMs?: number;
  /**
   * The console's origins, allowed cross-origin as the deployed console's is: the handlers get them
   * as CDK gives them to every API function (CONSOLE_ORIGINS), preflights of routes without an OPTIONS
   * route of their own go to the same preflight handler as `OPTIONS /{proxy+}` in AWS, and the local
   * endpoints (`/_local/*`, which only exist here) answer them the same way.
   */
  allowedOrigins?: readonly string[];
}): Promise<{ url: string; port: number; close(): Promise<void> }> {
  // Literal routes win over templated ones, as in API Gateway.
  const compiled = options.routes.map(compile).sort((a, b) => a.parameterNames.length - b.parameterNames.length);
  const handlers = new Map<string, Promise<LambdaHandler>>();
  const handlerFor = (route: Pick<RouteSpec, 'entry'>) => {
    if (!handlers.has(route.entry)) handlers.set(route.entry, loadHandler(route.entry));
    return handlers.get(route.entry) as Promise<LambdaHandler>;
  };
  const allowedOrigins = options.allowedOrigins ?? [];
  process.env[consoleOriginsVariable] = allowedOrigins.join(',');
  const localPaths = new Set(Object.keys(options.localEndpoints ?? {}).map((key) => key.slice(key.indexOf(' ') + 1)));

  const server = createServer({ maxHeaderSize: maxHeaderBytes }, async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://local');
    try {
      if (url.pathname.startsWith('/_local/') || localPaths.has(url.pathname)) {
        if (request.method === 'OPTIONS')
          return send(response, consolePreflight(preflightHeaders(request), allowedOrigins));
        for (const [name, value] of Object.entries(consoleCorsHeaders(request.headers.origin, allowedOrigins)))
          response.setHeader(name, value);
      }
      const localEndpoint = options.localEndpoints?.[`${request.method} ${url.pathname}`];
      if (localEndpoint) return await localEndpoint(request, response, url);

      const match = findRoute(compiled, request.method ?? 'GET', url.pathname);
      // API Gateway's `OPTIONS /{proxy+}` route: any OPTIONS no route of its own claims (infra/constructs/api.ts).
      if (!match && request.method === 'OPTIONS') {
        const preflight = await handlerFor({ entry: consolePreflightEntry });
        const event = httpApiEvent({
          method: 'OPTIONS',
          url: request.url ?? '/',
          headers: request.headersDistinct,
          body: Buffer.alloc(0),
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          protocol: `HTTP/${request.httpVersion}`,
          route: { routeKey: 'OPTIONS /{proxy+}', pathParameters: { proxy: url.pathname.slice(1) } },
        });
        return send(
          response,
          (await preflight(event, lambdaContext('ConsolePreflight'))) as APIGatewayProxyStructuredResultV2,
        );
      }
      if (!match) return send(response, notFound(url.pathname));
      if (match === 'malformed') return send(response, malformedPath());
      const body = await readBody(request);
      if (body === undefined) return send(response, tooLarge());
      const event = httpApiEvent({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headersDistinct,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        protocol: `HTTP/${request.httpVersion}`,
        route: { routeKey: `${match.route.method} ${match.route.path}`, pathParameters: match.pathParameters },
      });
      if (match.route.access !== 'public') {
        const claims = await options.authorizer.verify(request.headers.authorization);
        // API Gateway answers exactly this, before any Lambda runs.
        if (!claims)
          return send(response, {
            statusCode: 401,
            headers: { 'content-type': 'application/json' },
            body: '{"message":"Unauthorized"}',
          });
        const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : null;
        Object.assign(event.requestContext, {
          authorizer: { jwt: { claims: claimsAsApiGatewayPassesThem(claims), scopes } },
        });
      }
      const handler = await handlerFor(match.route);
      const timeoutMs = options.requestTimeoutMs ?? apiRequestTimeoutMs;
      const result = await withinIntegrationTimeout(
        handler(event, lambdaContext(match.route.name, timeoutMs)) as Promise<APIGatewayProxyStructuredResultV2>,
        timeoutMs,
      );
      if (result === 'timed-out') console.error(`[api] ${request.method} ${url.pathname} took over ${timeoutMs} ms`);
      send(response, result === 'timed-out' ? serviceUnavailable() : result);
    } catch (error) {
      console.error(`[api] ${request.method} ${url.pathname} failed:`, error);
      if (!response.headersSent) send(response, internalError());
      else response.end();
    }
  });
  // Headers over the limit never reach a route: refused with a problem document, not Node's bare 431.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLong = error.code === 'HPE_HEADER_OVERFLOW';
    const problem = tooLong ? headersTooLarge() : badRequest();
    const body = problem.body as string;
    socket.end(
      `HTTP/1.1 ${problem.statusCode} ${tooLong ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const preflightHeaders = (request: IncomingMessage) => ({
  origin: request.headers.origin,
  requestMethod: request.headers['access-control-request-method'] as string | undefined,
});

/** The handler's result, or `timed-out` once the integration timeout passes (the handler runs on, as a Lambda would). */
async function withinIntegrationTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), timeoutMs)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function findRoute(routes: CompiledRoute[], method: string, path: string) {
  for (const { route, pattern, parameterNames } of routes) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const values = parameterNames.map((_, i) => decodedOrUndefined(match[i + 1] ?? ''));
    // Percent-encoding that is no UTF-8 (%E0%A4%A, %C0%AF) is the client's mistake: 400, not a URIError.
    if (values.includes(undefined)) return 'malformed' as const;
    const pathParameters = Object.fromEntries(parameterNames.map((name, i) => [name, values[i] as string]));
    return { route, pathParameters };
  }
  return undefined;
}

function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxPayloadBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(
    result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
  );
}

// API Gateway's own answer to an integration that did not respond in time, before any problem+json of ours.
const serviceUnavailable = (): APIGatewayProxyStructuredResultV2 => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Service Unavailable"}',
});
const notFound = (path: string) =>
  problemResponse({
    type: problemTypeUri('no-such-route'),
    title: 'No such route',
    status: 404,
    detail: `Nothing is served at ${path} with this method.`,
  });
const malformedPath = () =>
  problemResponse({
    type: problemTypeUri('validation-failed'),
    title: 'Your request is not valid',
    status: 400,
    detail: 'The path is not valid percent-encoded UTF-8.',
  });
const tooLarge = () =>
  problemResponse({
    type: problemTypeUri('payload-too-large'),
    title: 'Request body too large',
    status: 413,
    detail: `The API accepts at most ${maxPayloadBytes} bytes.`,
  });
const headersTooLarge = () =>
  problemResponse({
    type: problemTypeUri('headers-too-large'),
    title: 'Request headers too large',
    status: 431,
    detail: `The API accepts at most ${maxHeaderBytes} bytes of request line and headers.`,
  });
const badRequest = () =>
  problemResponse({
    type: problemTypeUri('validation-failed'),
    title: 'Your request is not valid',
    status: 400,
    detail: 'The request is not valid HTTP.',
  });
const internalError = () =>
  problemResponse({ type: problemTypeUri('internal-error'), title: 'Something went wrong on our side', status: 500 });
