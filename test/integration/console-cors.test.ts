import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCors } from '#functions/http/kit/console-cors.ts';
import { httpRoutes } from '#functions/http/routes.ts';
import { startDevAuth } from '../../local/dev-auth.ts';
import { startHttpServer } from '../../local/http-server.ts';
import { createTestTable } from '../support/test-table.ts';

const consoleOrigin = 'http://127.0.0.1:5173';
const customerSite = 'https://www.customer.example';
const elsewhere = 'https://evil.example';

let server: Awaited<ReturnType<typeof startHttpServer>>;
let adminToken: string;
let formId: string;

beforeAll(async () => {
  const table = await createTestTable();
  // Handlers find the table as they do in Lambda: through the environment.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const authorizer = await startDevAuth();
  adminToken = await authorizer.issue({ subject: 'admin-1', username: 'admin', groups: ['admin'] });
  server = await startHttpServer({
    routes: httpRoutes,
    port: 0,
    authorizer,
    allowedOrigins: [consoleOrigin],
    localEndpoints: {
      'GET /_local/health': (_request, response: ServerResponse) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
      },
    },
  });
  const created = await api('POST', '/forms', {
    origin: consoleOrigin,
    body: {
      name: 'Guide download',
      fieldMapping: { email: 'email' },
      allowedOrigins: [customerSite],
    },
  });
  expect(created.status).toBe(201);
  formId = ((await created.json()) as { id: string }).id;
});
afterAll(async () => void (await server?.close()));

function api(
  method: string,
  path: string,
  options: { origin?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
) {
  const token = options.token === undefined ? adminToken : options.token;
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

const preflight = (path: string, origin: string, method = 'PATCH') =>
  api('OPTIONS', path, {
    origin,
    token: null,
    headers: { 'access-control-request-method': method, 'access-control-request-headers': 'authorization,if-match' },
  });

describe('the console calling the local API from its own origin (CORS, as deployed)', () => {
  it('answers a preflight from the console origin with 204 and exactly the allowed methods and headers', async () => {
    const response = await preflight('/deals/01HZZZZZZZZZZZZZZZZZZZZZZZ', consoleOrigin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, PATCH, DELETE, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, if-match, idempotency-key',
    );
    expect(Number(response.headers.get('access-control-max-age'))).toBe(consoleCors.maxAgeSeconds);
  });

  it('answers a preflight from any other origin, or for a method the console may not use, with 204 and no allow headers', async () => {
    for (const response of [
      await preflight('/contacts', elsewhere),
      await preflight('/contacts', consoleOrigin, 'TRACE'),
    ]) {
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  it('lets the console read answers, problems and the ETag and Location headers; other origins get no CORS headers', async () => {
    const created = await api('POST', '/companies', { origin: consoleOrigin, body: { name: 'Acme' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    expect(created.headers.get('access-control-expose-headers')).toBe('etag, location, retry-after');
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toMatch(/^\/companies\//);
    const invalid = await api('POST', '/companies', { origin: consoleOrigin, body: { name: 42 } });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    const foreign = await api('GET', '/companies', { origin: elsewhere });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('gives the local endpoints the same CORS answers', async () => {
    const health = await api('GET', '/_local/health', { origin: consoleOrigin, token: null });
    expect(health.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    const allowed = await preflight('/_local/health', consoleOrigin, 'GET');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(consoleOrigin);
    const refused = await preflight('/_local/health', elsewhere, 'GET');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const foreign = await api('GET', '/_local/health', { origin: elsewhere, token: null });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("keeps the public form's own CORS: its preflight and post allow the form's origins, not the console's", async () => {
    const path = `/forms/${formId}/submissions`;
    const site = await preflight(path, customerSite, 'POST');
    expect(site.status).toBe(204);
    expect(site.headers.get('access-control-allow-origin')).toBe(customerSite);
    expect(site.headers.get('access-control-allow-headers')).toBe('content-type, idempotency-key');
    // The form's own preflight answers here, not the console's: it allows the console no method or header.
    const console = await preflight(path, consoleOrigin, 'POST');
    expect(console.headers.get('access-control-allow-methods')).toBeNull();
    expect(console.headers.get('access-control-allow-headers')).toBeNull();
    const posted = await api('POST', path, {
      origin: customerSite,
      token: null,
      body: { email: 'kim@customer.example' },
    });
    // No fill-time token: refused, with the form's CORS headers so the site's script can read why.
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect(posted.headers.get('access-control-allow-origin')).toBe(customerSite);
  });
});
