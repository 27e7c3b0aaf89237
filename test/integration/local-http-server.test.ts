import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { startHttpServer } from '../../local/http-server.ts';

let server: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(
  async () =>
    void (server = await startHttpServer({
      routes: httpRoutes,
      port: 0,
      authorizer: { verify: async () => undefined, issue: async () => '' },
    })),
);
afterAll(async () => void (await server?.close()));

describe('the local API server', () => {
  it('answers a path parameter that is no valid percent-encoded UTF-8 with 400 problem+json, not 500', async () => {
    for (const path of ['/forms/%E0%A4%A/token', '/forms/%00%C0%AF..%2Fetc/token', '/contacts/%FF']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ type: 'urn:relay:problem:validation-failed' });
    }
  });

  it('refuses request headers over HTTP API’s 10,240 bytes with 431 problem+json, before any route runs', async () => {
    const response = await fetch(`${server.url}/openapi.json`, { headers: { 'user-agent': 'x'.repeat(11_000) } });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'urn:relay:problem:headers-too-large', status: 431 });
    // Just under the limit is served.
    expect((await fetch(`${server.url}/openapi.json`, { headers: { 'user-agent': 'x'.repeat(9_000) } })).status).toBe(
      200,
    );
  });
});
