import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpHandler } from '#functions/http/kit/http-handler.ts';
import { publicHttpHandler } from '#functions/http/kit/public-handler.ts';
import { forgetSecrets } from '#functions/secrets.ts';
import { viewerAddressIp } from '#functions/http/kit/request.ts';
import { defineRoute } from '#functions/http/kit/route.ts';
import { anHttpEvent } from '../support/http-events.ts';

const secrets = mockClient(SecretsManagerClient);
// The pure tests share a process (vitest.config.ts): the client's prototype is put back for the next file.
afterAll(() => secrets.restore());
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
const handler = publicHttpHandler(route, async ({ clientIp }) => ({
  statusCode: 200,
  body: 'reached',
  headers: { 'x-seen-ip': clientIp },
}));
const call = (headers: Record<string, string> = {}) =>
  handler(anHttpEvent({ path: '/probe', headers }), {} as Context) as Promise<{
    statusCode: number;
    body?: string;
    headers?: Record<string, string>;
  }>;
const originSecret = 'cloudfront-origin-secret-0123456789';

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: originSecret });
  forgetSecrets();
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

describe('the client IP behind the edge', () => {
  const edgeArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:edge';
  const seenIp = async (headers: Record<string, string>) => (await call(headers)).headers?.['x-seen-ip'];

  it('is the viewer’s, from CloudFront-Viewer-Address, once the origin secret is verified', async () => {
    process.env.EDGE_ORIGIN_SECRET_ARN = edgeArn;
    // API Gateway's source IP is a CloudFront server's (127.0.0.1 in this event): every viewer of one edge location.
    expect(await seenIp({ 'x-relay-origin': originSecret, 'cloudfront-viewer-address': '198.51.100.10:46532' })).toBe(
      '198.51.100.10',
    );
    expect(
      await seenIp({ 'x-relay-origin': originSecret, 'cloudfront-viewer-address': '2001:DB8:0:0:0:0:0:1:443' }),
    ).toBe('2001:db8::1');
  });

  it('is never taken from the header without the verified secret: a client can send one', async () => {
    // No edge on this stage: the header is the client's own word.
    expect(await seenIp({ 'cloudfront-viewer-address': '203.0.113.7:1234' })).toBe('127.0.0.1');
    // An edge stage, and a request that did not come through CloudFront: refused before anything reads it.
    process.env.EDGE_ORIGIN_SECRET_ARN = edgeArn;
    expect(
      (await call({ 'x-relay-origin': 'guessed-value', 'cloudfront-viewer-address': '203.0.113.7:1' })).statusCode,
    ).toBe(403);
  });

  it('falls back to the source IP when CloudFront’s header is missing or malformed', async () => {
    process.env.EDGE_ORIGIN_SECRET_ARN = edgeArn;
    expect(await seenIp({ 'x-relay-origin': originSecret })).toBe('127.0.0.1');
    expect(await seenIp({ 'x-relay-origin': originSecret, 'cloudfront-viewer-address': 'not-an-ip:80' })).toBe(
      '127.0.0.1',
    );
  });
});

describe('CloudFront-Viewer-Address', () => {
  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    [' 192.0.2.1:0 ', '192.0.2.1'],
    ['2001:db8::1:443', '2001:db8::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001:52325', '::1'],
    ['2001:0DB8:85A3:0000:0000:8A2E:0370:7334:8080', '2001:db8:85a3::8a2e:370:7334'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['::ffff:192.0.2.1:443', '::ffff:c000:201'],
  ])('reads %j as %j', (value, ip) => {
    expect(viewerAddressIp(value)).toBe(ip);
  });

  it.each([
    undefined,
    '',
    '198.51.100.10',
    '198.51.100.10:',
    '198.51.100.10:65536',
    '198.51.100.10:80a',
    '256.1.1.1:80',
    '2001:db8::1',
    '[2001:db8::1]',
    'fe80::1%eth0:443',
    'example.com:443',
    '198.51.100.10:1, 203.0.113.7:2',
  ])('refuses %j', (value) => {
    expect(viewerAddressIp(value)).toBeUndefined();
  });
});
