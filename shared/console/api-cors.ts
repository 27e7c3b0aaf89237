/**
 * How the API answers the console's origin (CORS), the same in AWS (the HTTP API's corsPreflight) and
 * locally (the local HTTP server): the console calls the API from its own origin with a bearer token.
 */
export const apiCors = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  // What the API reads from a request (besides the bearer token and the body's type).
  allowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
  // What the console reads from a response: the version for If-Match, a created resource, when to retry.
  exposeHeaders: ['etag', 'location', 'retry-after'],
  maxAgeSeconds: 600,
} as const;
