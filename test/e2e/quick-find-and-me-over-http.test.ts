import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack(['--seed'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const api: RunningStack['api'] = (...args) => stack.api(...args);
const found = async (q: string, as: Parameters<RunningStack['api']>[3] = {}) => {
  const response = await api('GET', `/contacts/search?q=${encodeURIComponent(q)}`, undefined, as);
  expect(response.status).toBe(200);
  return (response.json.items as { email: string }[]).map((contact) => contact.email);
};

describe('the quick find over HTTP, as the console uses it', () => {
  it('finds seeded contacts by email or the start of a name, for a sales rep too (literal /contacts/search wins over /contacts/{id})', async () => {
    expect(await found('AMELIE.dubois@example.fr', { as: 'salesAda' })).toEqual(['amelie.dubois@example.fr']);
    expect(await found('amé', { as: 'salesAda' })).toEqual(['amelie.dubois@example.fr']);
    expect(await found('dubois amelie')).toEqual(['amelie.dubois@example.fr']);
    // Noah Williams is Grace's: a sales rep finds every contact, as GET /contacts lists every contact.
    expect(await found('willi', { as: 'salesAda' })).toEqual(['noah.williams@example.co.uk']);
  });

  it('follows a contact created, renamed and deleted over HTTP, Persian names typed with Arabic letters included', async () => {
    const created = await api('POST', '/contacts', {
      email: 'yasmin@شرکت.ایران',
      firstName: 'یاسمین',
      lastName: 'کاظمی',
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(await found('ياسمين كاظ')).toEqual([created.json.email]);
    expect(await found('yasmin@xn--pgbni38b.xn--mgba3a4f16a')).toEqual([created.json.email]);
    expect((await api('PATCH', `/contacts/${id}`, { lastName: 'رضایی' })).status).toBe(200);
    expect(await found('كاظمي')).toEqual([]);
    expect(await found('رضاي')).toEqual([created.json.email]);
    expect((await api('DELETE', `/contacts/${id}`)).status).toBe(204);
    expect(await found('یاسمین')).toEqual([]);
  });

  it('answers a bad q with 400 problem+json', async () => {
    const response = await api('GET', '/contacts/search?q=a');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json.errors).toEqual([{ pointer: '/q', message: expect.stringMatching(/at least 2 letters/) }]);
  });
});

describe('GET /me over HTTP', () => {
  it('tells Ada she is a sales rep limited to her own records, acting as her owner record', async () => {
    const me = await api('GET', '/me', undefined, { as: 'salesAda' });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      kind: 'user',
      subject: 'local-sales-ada',
      username: 'ada',
      roles: ['sales'],
      limitedToOwnRecords: true,
      ownerId: demoIds.ada,
      owner: { id: demoIds.ada, name: 'Ada Lovelace', email: 'ada@relay.example', teamId: demoIds.team },
    });
  });

  it('tells the admin and the marketer they are not limited and have no owner record; without a token it is 401', async () => {
    expect((await api('GET', '/me')).json).toEqual({
      kind: 'user',
      subject: 'local-admin',
      username: 'admin',
      roles: ['admin'],
      limitedToOwnRecords: false,
      limitedToOwnTickets: false,
    });
    expect((await api('GET', '/me', undefined, { as: 'marketing' })).json).toMatchObject({
      roles: ['marketing'],
      limitedToOwnRecords: false,
    });
    expect((await api('GET', '/me', undefined, { as: null })).status).toBe(401);
  });
});
