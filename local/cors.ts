import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiCors } from '#shared/console/api-cors.ts';

/**
 * CORS for the console's origin, as the HTTP API's corsPreflight does in AWS: a preflight from an allowed
 * origin is answered 204 before any route runs; every other answer to that origin carries the allow and
 * expose headers. Other origins get no CORS headers (so the browser refuses), and their preflights go on to
 * the routes, where a public form answers for its own allowed origins.
 */
export function corsFor(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (request: IncomingMessage, response: ServerResponse): 'answered' | undefined => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return undefined;
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    response.setHeader('access-control-expose-headers', apiCors.exposeHeaders.join(','));
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return undefined;
    response.writeHead(204, {
      'access-control-allow-methods': apiCors.allowMethods.join(','),
      'access-control-allow-headers': apiCors.allowHeaders.join(','),
      'access-control-max-age': String(apiCors.maxAgeSeconds),
    });
    response.end();
    return 'answered';
  };
}
