import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { demoIds } from '../../local/seed.ts';
import { startLocalStack, type DevUser, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
const tokens = { expired: '', otherClient: '' };
const signed = async (request: object) =>
  (
    (await (
      await fetch(`${stack.apiUrl}/_local/tokens`, { method: 'POST', body: JSON.stringify(request) })
    ).json()) as { token: string }
  ).token;
beforeAll(async () => {
  stack = await startLocalStack(['--seed']);
  tokens.expired = await signed({ user: 'admin', expiresAt: Math.floor(Date.now() / 1000) - 60 });
  tokens.otherClient = await signed({ user: 'admin', clientId: 'some-other-app' });
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const roleOf: Record<DevUser, string> = {
  admin: 'admin',
  marketing: 'marketing',
  salesAda: 'sales',
  salesGrace: 'sales',
  supportSam: 'support',
  supportNasrin: 'support',
};
const concretePath = (template: string) => template.replace(/\{[^}]+\}/g, '01JDEM0000000000000000000X');

describe('every route of the route table, as the API enforces it', () => {
  const protectedRoutes = httpRoutes.filter((route) => route.access !== 'public');

  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s refuses a request with no token (401)',
    async (_, route) => {
      const { status } = await stack.api(
        route.method,
        concretePath(route.path),
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        { as: null },
      );
      expect(status).toBe(401);
    },
  );

  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s refuses roles it does not list (403 problem+json)',
    async (_, route) => {
      const access = route.access as readonly string[];
      for (const user of Object.keys(roleOf) as DevUser[]) {
        if (access.includes(roleOf[user])) continue;
        const response = await stack.api(
          route.method,
          concretePath(route.path),
          route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
          { as: user },
        );
        expect(response.status, `${user} on ${route.method} ${route.path}`).toBe(403);
        expect(response.json.type).toBe('urn:relay:problem:forbidden');
      }
    },
  );

  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s refuses an expired admin token and one issued to another app client (401)',
    async (_, route) => {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const token of [tokens.expired, tokens.otherClient]) {
        const response = await fetch(`${stack.apiUrl}${concretePath(route.path)}`, {
          method: route.method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        expect(response.status, `${route.method} ${route.path}`).toBe(401);
      }
    },
  );

  it('accepts a token signed the same way that is current and for Relay, so the refusals above are for expiry and audience alone', async () => {
    const current = await signed({ user: 'admin' });
    expect((await fetch(`${stack.apiUrl}/contacts`, { headers: { authorization: `Bearer ${current}` } })).status).toBe(
      200,
    );
  });

  it('refuses a token with a bad signature (401)', async () => {
    const [header, payload] = stack.tokens.admin.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const response = await fetch(`${stack.apiUrl}/contacts`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });
});

describe('public routes accept only what they document', () => {
  const publicRoutes = httpRoutes.filter((route) => route.access === 'public');
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

  it.each(publicRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: other methods on its path get 404 problem+json',
    async (_, route) => {
      const documented = new Set(
        publicRoutes.filter((other) => other.path === route.path).map((other) => other.method),
      );
      for (const method of methods.filter((candidate) => !documented.has(candidate))) {
        const response = await fetch(`${stack.apiUrl}${concretePath(route.path)}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        expect(response.status, `${method} ${route.path}`).toBe(404);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
    },
  );

  const withQuery = publicRoutes.filter((route) => route.request.query);
  it.each(withQuery.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: an undocumented query parameter gets 400 problem+json',
    async (_, route) => {
      const body = route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' };
      const response = await fetch(`${stack.apiUrl}${concretePath(route.path)}?undocumented=1`, {
        method: route.method,
        ...body,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    },
  );

  const withBody = publicRoutes.filter((route) => route.request.body || route.request.formBody);
  it.each(withBody.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: a body of an undocumented media type gets 415 problem+json',
    async (_, route) => {
      const response = await fetch(`${stack.apiUrl}${concretePath(route.path)}`, {
        method: route.method,
        headers: { 'content-type': 'application/xml' },
        body: '<lead><email>x@example.com</email></lead>',
      });
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    },
  );
});

describe('sales reps and ownership', () => {
  it("lets a rep change their own contact but not another rep's (403 problem+json)", async () => {
    const adas = await stack.api('GET', `/contacts?ownerId=${demoIds.ada}&limit=1`);
    const graces = await stack.api('GET', `/contacts?ownerId=${demoIds.grace}&limit=1`);
    const own = adas.json.items[0].id;
    const others = graces.json.items[0].id;
    expect(
      (await stack.api('PATCH', `/contacts/${own}`, { jobTitle: 'Head of Growth' }, { as: 'salesAda' })).status,
    ).toBe(200);
    const refused = await stack.api('PATCH', `/contacts/${others}`, { jobTitle: 'Stolen' }, { as: 'salesAda' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await stack.api('GET', `/contacts/${others}`)).json.jobTitle).not.toBe('Stolen');
  });

  it("makes a rep's new contact theirs, and refuses one assigned to someone else", async () => {
    const created = await stack.api('POST', '/contacts', { email: 'new.lead@example.com' }, { as: 'salesGrace' });
    expect(created).toMatchObject({ status: 201, json: { ownerId: demoIds.grace } });
    const handedOver = await stack.api(
      'POST',
      '/contacts',
      { email: 'other.lead@example.com', ownerId: demoIds.ada },
      { as: 'salesGrace' },
    );
    expect(handedOver.status).toBe(403);
  });

  it('lets every role read', async () => {
    for (const user of ['marketing', 'salesAda'] as const)
      expect((await stack.api('GET', '/contacts', undefined, { as: user })).status).toBe(200);
  });
});
