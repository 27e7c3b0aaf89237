import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { json } from '#functions/http/kit/http-handler.ts';
import { publicHttpHandler } from '#functions/http/kit/public-handler.ts';
import { defineRoute } from '#functions/http/kit/route.ts';
import { maxJsonBodyBytes, parseFormBody, parseJsonBody } from '#functions/http/kit/request.ts';
import { expectedVersionFrom } from '#functions/http/kit/versioning.ts';
import { Conflict, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '#shared/errors.ts';
import { lambdaContext } from '../../local/lambda-adapter.ts';
import { anHttpEvent } from '../support/http-events.ts';

describe('parseJsonBody', () => {
  it('accepts application/json and +json types, with or without charset', () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) {
      expect(parseJsonBody(anHttpEvent({ body: { a: 1 }, headers: { 'content-type': contentType } }))).toEqual({
        a: 1,
      });
    }
  });

  it('refuses other content types with 415', () => {
    expect(() =>
      parseJsonBody(anHttpEvent({ rawBody: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })),
    ).toThrow(UnsupportedMediaType);
    expect(() =>
      parseJsonBody(anHttpEvent({ rawBody: '{}', headers: { 'content-type': 'application/jsonp' } })),
    ).toThrow(UnsupportedMediaType);
  });

  it('refuses an oversized body with 413 before parsing it', () => {
    expect(() => parseJsonBody(anHttpEvent({ rawBody: `"${'x'.repeat(maxJsonBodyBytes)}"` }))).toThrow(PayloadTooLarge);
  });

  it('decodes base64 bodies as API Gateway sends them', () => {
    const event = { ...anHttpEvent({ rawBody: Buffer.from('{"a":"ü"}').toString('base64') }), isBase64Encoded: true };
    expect(parseJsonBody(event)).toEqual({ a: 'ü' });
  });

  it('reports malformed JSON as a validation problem', () => {
    expect(() => parseJsonBody(anHttpEvent({ rawBody: '{"a":' }))).toThrow(ValidationFailed);
  });

  it('refuses a __proto__ key at any depth with a pointer to it, and keeps every other built-in name', () => {
    const event = anHttpEvent({ rawBody: '{"customFields":{"plan":"a","__proto__":{"admin":true}}}' });
    expect(() => parseJsonBody(event)).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [expect.objectContaining({ pointer: '/customFields/__proto__' })],
      }),
    );
    const builtIns = { constructor: 'a', toString: 'b', hasOwnProperty: 'c', valueOf: 'd', prototype: 'e' };
    expect(parseJsonBody(anHttpEvent({ body: { customFields: builtIns } }))).toEqual({ customFields: builtIns });
  });

  it('keeps a query parameter named __proto__ as the own key AWS would send', () => {
    expect(anHttpEvent({ path: '/contacts?__proto__=x&constructor=y' }).queryStringParameters).toEqual(
      JSON.parse('{"__proto__":"x","constructor":"y"}'),
    );
  });
});

describe('parseFormBody', () => {
  it('reads a flat JSON object, scalars as their text', () => {
    expect(parseFormBody(anHttpEvent({ body: { email: 'a@b.example', seats: 3, agree: true, note: null } }))).toEqual({
      email: 'a@b.example',
      seats: '3',
      agree: 'true',
      note: 'null',
    });
  });

  it('refuses nested values with 400 naming the fields, however deep (not a stack overflow)', () => {
    const deep = `{"ok":"1","a/b":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)},"list":[1]}`;
    const error = (() => {
      try {
        parseFormBody(anHttpEvent({ rawBody: deep }));
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).extensions).toMatchObject({
      errors: [{ pointer: '/a~1b' }, { pointer: '/list' }],
    });
  });
});

describe('expectedVersionFrom (If-Match)', () => {
  it('reads strong and weak ETags, and treats * and absence as any version', () => {
    expect(expectedVersionFrom(anHttpEvent({ headers: { 'if-match': '"7"' } }))).toBe(7);
    expect(expectedVersionFrom(anHttpEvent({ headers: { 'if-match': 'W/"7"' } }))).toBe(7);
    expect(expectedVersionFrom(anHttpEvent({ headers: { 'if-match': '*' } }))).toBeUndefined();
    expect(expectedVersionFrom(anHttpEvent())).toBeUndefined();
  });

  it('refuses something that is not one of our ETags', () => {
    expect(() => expectedVersionFrom(anHttpEvent({ headers: { 'if-match': 'seven' } }))).toThrow(ValidationFailed);
  });
});

describe('httpHandler', () => {
  const route = defineRoute({
    name: 'CreateThing',
    method: 'POST',
    path: '/things',
    entry: 'n/a',
    access: 'public',
    tableAccess: 'read',
    tag: 'Test',
    summary: 'test',
    request: { body: z.object({ name: z.string().min(2) }) },
    responses: { 201: { description: 'Created' } },
  });
  // A public route (no token needed for these checks), so built as public routes are.
  const handler = publicHttpHandler(route, async ({ body }) => {
    if (body.name === 'taken') throw new Conflict('That name is taken.', { existing: 'X' });
    if (body.name === 'boom') throw new Error('database password is hunter2');
    if (body.name === 'busy')
      throw new ProvisionedThroughputExceededException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: {},
      });
    return json(201, { hello: body.name });
  });
  const invoke = async (body: unknown) => {
    const result = await handler(anHttpEvent({ method: 'POST', path: '/things', body }), lambdaContext('test'));
    return { ...result, json: JSON.parse(result.body ?? 'null') as Record<string, unknown> };
  };

  it('passes validated input to the domain and returns its response', async () => {
    expect(await invoke({ name: 'Ada' })).toMatchObject({ statusCode: 201, json: { hello: 'Ada' } });
  });

  it('answers invalid input with 400 problem+json naming the field', async () => {
    const result = await invoke({ name: 'A' });
    expect(result.statusCode).toBe(400);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(result.json).toMatchObject({
      type: 'urn:relay:problem:validation-failed',
      status: 400,
      instance: '/things',
      errors: [{ pointer: '/name' }],
    });
    expect(result.json.detail).toContain('/name');
  });

  it('maps domain errors to their status with extension members', async () => {
    expect(await invoke({ name: 'taken' })).toMatchObject({
      statusCode: 409,
      json: { type: 'urn:relay:problem:conflict', existing: 'X' },
    });
  });

  it('answers DynamoDB throttling that outlasted the SDK retries with 503 and Retry-After, not a 500', async () => {
    const result = await invoke({ name: 'busy' });
    expect(result).toMatchObject({
      statusCode: 503,
      json: { type: 'urn:relay:problem:temporarily-unavailable', retryAfterSeconds: 2 },
    });
    expect(result.headers?.['retry-after']).toBe('2');
  });

  it('turns unexpected errors into a 500 that leaks nothing', async () => {
    const result = await invoke({ name: 'boom' });
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('hunter2');
  });
});
