import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The console calls the API from its own origin (CloudFront's in AWS, its dev server locally), so the
 * API allows exactly that origin: these methods and request headers (the ones the API reads), and the
 * response headers a script may read (the API sets ETag and Location; Retry-After on 429).
 * Done in the functions, not by API Gateway's CORS setting: that one would answer every preflight
 * itself and drop the CORS headers of the form post, whose allowed origins are per form.
 */
export const consoleCors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  exposeHeaders: ['etag', 'location', 'retry-after'],
  maxAgeSeconds: 3600,
} as const;

/** The handler of `OPTIONS /{proxy+}`, the console's preflights (CDK deploys it; the local server invokes it). */
export const consolePreflightEntry = 'functions/http/cors/console-preflight.ts';

/** The environment variable CDK sets (and the local server sets) to the console origins, comma-separated. */
export const consoleOriginsVariable = 'CONSOLE_ORIGINS';

/** The origins the API answers cross-origin requests from. */
export function consoleOrigins(value = process.env[consoleOriginsVariable]): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** What a response to `origin` carries: the allow and expose headers for a console origin, nothing for any other. */
export function consoleCorsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': consoleCors.exposeHeaders.join(', '),
    vary: 'origin',
  };
}

/**
 * The answer to a preflight (OPTIONS with Origin and Access-Control-Request-Method): 204, with the
 * allowed methods and headers only when the origin is a console's and the method one it may use, so
 * the browser refuses everything else (as API Gateway does: 204, without allow headers).
 */
export function consolePreflight(
  headers: { origin?: string | undefined; requestMethod?: string | undefined },
  allowed: readonly string[],
): APIGatewayProxyStructuredResultV2 {
  const method = headers.requestMethod?.toUpperCase();
  const methodAllowed = (consoleCors.allowMethods as readonly string[]).includes(method ?? '');
  if (!methodAllowed || !headers.origin || !allowed.includes(headers.origin)) return { statusCode: 204 };
  return {
    statusCode: 204,
    headers: {
      'access-control-allow-origin': headers.origin,
      'access-control-allow-methods': consoleCors.allowMethods.join(', '),
      'access-control-allow-headers': consoleCors.allowHeaders.join(', '),
      'access-control-max-age': String(consoleCors.maxAgeSeconds),
      vary: 'origin',
    },
  };
}
