import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#functions/http/routes.ts';
import { demoIds } from '../../local/seed.ts';
import { startLocalStack, type DevUser, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack(['--seed'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const roleOf: Record<DevUser, string> = { admin: 'admin', marketing: 'marketing', salesAda: 'sales', salesGrace: 'sales' };
const concretePath = (template: string) => template.replace(/\{[^}]+\}/g, '01JDEM0000000000000000000X');

describe('every route of the route table, as the API enforces it', () => {
  const protectedRoutes = httpRoutes.filter((route) => route.access !== 'public');

  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s refuses a request with no token (401)', async (_, route) => {
    const { status } = await stack.api(route.method, concretePath(route.path), route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, { as: null });
    expect(status).toBe(401);
  });

  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s refuses roles it does not list (403 problem+json)', async (_, route) => {
    const access = route.access as readonly string[];
    for (const user of Object.keys(roleOf) as DevUser[]) {
      if (access.includes(roleOf[user])) continue;
      const response = await stack.api(route.method, concretePath(route.path), route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, { as: user });
      expect(response.status, `${user} on ${route.method} ${route.path}`).toBe(403);
      expect(response.json.type).toBe('urn:relay:problem:forbidden');
    }
  });

  it('refuses a token with a bad signature (401)', async () => {
    const [header, payload] = stack.tokens.admin.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const response = await fetch(`${stack.apiUrl}/contacts`, { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });
});

describe('sales reps and ownership', () => {
  it("lets a rep change their own contact but not another rep's (403 problem+json)", async () => {
    const adas = await stack.api('GET', `/contacts?ownerId=${demoIds.ada}&limit=1`);
    const graces = await stack.api('GET', `/contacts?ownerId=${demoIds.grace}&limit=1`);
    const own = adas.json.items[0].id;
    const others = graces.json.items[0].id;
    expect((await stack.api('PATCH', `/contacts/${own}`, { jobTitle: 'Head of Growth' }, { as: 'salesAda' })).status).toBe(200);
    const refused = await stack.api('PATCH', `/contacts/${others}`, { jobTitle: 'Stolen' }, { as: 'salesAda' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await stack.api('GET', `/contacts/${others}`)).json.jobTitle).not.toBe('Stolen');
  });

  it("makes a rep's new contact theirs, and refuses one assigned to someone else", async () => {
    const created = await stack.api('POST', '/contacts', { email: 'new.lead@example.com' }, { as: 'salesGrace' });
    expect(created).toMatchObject({ status: 201, json: { ownerId: demoIds.grace } });
    const handedOver = await stack.api('POST', '/contacts', { email: 'other.lead@example.com', ownerId: demoIds.ada }, { as: 'salesGrace' });
    expect(handedOver.status).toBe(403);
  });

  it('lets every role read', async () => {
    for (const user of ['marketing', 'salesAda'] as const) expect((await stack.api('GET', '/contacts', undefined, { as: user })).status).toBe(200);
  });
});
