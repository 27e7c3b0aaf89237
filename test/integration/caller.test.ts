import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { handler as ownersHandler } from '#functions/http/owners/index.ts';
import { systemContext } from '#shared/context.ts';
import { createOwner, updateOwner } from '#shared/owners/owner.service.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { anOwnerRequest } from '../support/builders.ts';
import { anHttpEvent } from '../support/http-events.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;

beforeAll(async () => {
  const table = await createTestTable();
  // The HTTP handlers build their dependencies from the environment, as in Lambda.
  process.env.TABLE_NAME = table.tableName;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  deps = buildDependencies(table, systemContext);
});

/** GET /me through its Lambda handler, with the claims API Gateway's JWT authorizer passes on. */
async function getMe(claims: Record<string, string>, scopes: string[] | null = null) {
  const event = anHttpEvent({ path: '/me' });
  Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes } } });
  const response = (await ownersHandler(event, lambdaContext('GetMe'))) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) };
}

describe('GET /me', () => {
  it('tells a sales rep linked to an owner record their roles, that they are limited to their own records, and the owner', async () => {
    const owner = await createOwner(deps, anOwnerRequest({ name: 'Ada Lovelace', userId: 'me-sales-linked' }));
    const response = await getMe({ sub: 'me-sales-linked', username: 'ada', 'cognito:groups': '[sales]' });
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(response.json).toEqual({
      kind: 'user',
      subject: 'me-sales-linked',
      username: 'ada',
      roles: ['sales'],
      limitedToOwnRecords: true,
      limitedToOwnTickets: true,
      ownerId: owner.id,
      owner: JSON.parse(JSON.stringify(owner)),
    });
  });

  it('answers a sales rep with no owner record without one (the API lets them change nothing that is owned)', async () => {
    const response = await getMe({ sub: 'me-sales-unlinked', 'cognito:username': 'grace', 'cognito:groups': 'sales' });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      kind: 'user',
      subject: 'me-sales-unlinked',
      username: 'grace',
      roles: ['sales'],
      limitedToOwnRecords: true,
      limitedToOwnTickets: true,
    });
  });

  it('answers an admin as not limited, with the owner record linked to them if there is one', async () => {
    expect((await getMe({ sub: 'me-admin', username: 'admin', 'cognito:groups': '[admin sales]' })).json).toEqual({
      kind: 'user',
      subject: 'me-admin',
      username: 'admin',
      roles: ['admin', 'sales'],
      limitedToOwnRecords: false,
      limitedToOwnTickets: false,
    });
    const owner = await createOwner(deps, anOwnerRequest({ name: 'Team Lead' }));
    await updateOwner(deps, owner.id, { userId: 'me-admin' });
    expect((await getMe({ sub: 'me-admin', username: 'admin', 'cognito:groups': '[admin]' })).json).toMatchObject({
      roles: ['admin'],
      limitedToOwnRecords: false,
      ownerId: owner.id,
      owner: { id: owner.id, name: 'Team Lead', userId: 'me-admin' },
    });
  });

  it('answers a machine client with the roles of its scopes and no owner, and refuses a user with no Relay role', async () => {
    expect((await getMe({ sub: 'client-42', client_id: 'client-42' }, ['relay/marketing'])).json).toEqual({
      kind: 'client',
      subject: 'client-42',
      roles: ['marketing'],
      limitedToOwnRecords: false,
      limitedToOwnTickets: false,
    });
    const roleless = await getMe({ sub: 'me-nobody', username: 'nobody', 'cognito:groups': '[beta-testers]' });
    expect(roleless.statusCode).toBe(403);
    expect(roleless.json).toMatchObject({ type: 'urn:relay:problem:forbidden', status: 403 });
  });
});
