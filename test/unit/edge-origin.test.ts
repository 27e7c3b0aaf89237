import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpHandler } from '#functions/http/kit/http-handler.ts';
import { forgetEdgeOriginSecret, publicHttpHandler } from '#functions/http/kit/public-handler.ts';
import { defineRoute } from '#functions/http/kit/route.ts';
import { anHttpEvent } from '../support/http-events.ts';

const secrets = mockClient(SecretsManagerClient);
const route = defineRoute({
  name: 'PublicProbe',
  method: 'GET',
  path: '/probe',
  entry: 'x',
  access: 'public',
  publicBecause: 'a test route',
  tableAccess: 'read',
  tag: 'Test',
  summary: 'probe',
  request: {},
  responses: { 200: { description: 'ok' } },
});
const handler = publicHttpHandler(route, async () => ({ statusCode: 200, body: 'reached' }));
const call = (headers: Record<string, string> = {}) =>
  handler(anHttpEvent({ path: '/probe', headers }), {} as Context) as Promise<{ statusCode: number; body?: string }>;

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: 'cloudfront-origin-secret-0123456789' });
  forgetEdgeOriginSecret();
});
afterEach(() => {
  delete process.env.EDGE_ORIGIN_SECRET_ARN;
});

describe('public routes behind the edge (CloudFront + WAF)', () => {
  it('answer only requests carrying CloudFront’s origin header, so the WAF cannot be gone around', async () => {
    process.env.EDGE_ORIGIN_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:edge';
    expect((await call()).statusCode).toBe(403);
    expect((await call({ 'x-relay-origin': 'guessed-value' })).statusCode).toBe(403);
    expect(await call({ 'x-relay-origin': 'cloudfront-origin-secret-0123456789' })).toMatchObject({
      statusCode: 200,
      body: 'reached',
    });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1); // read once per container
  });

  it('check nothing when the stage has no edge', async () => {
    expect(await call()).toMatchObject({ statusCode: 200 });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });

  it('cannot be built without the check: httpHandler refuses a public route', () => {
    expect(() => httpHandler(route, async () => ({ statusCode: 200 }))).toThrow(
      /PublicProbe is public: build its handler with publicHttpHandler/,
    );
  });
});
