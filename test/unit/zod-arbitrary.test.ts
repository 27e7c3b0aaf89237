import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { arbitraryFor, hostileStrings } from '../support/zod-arbitrary.ts';

const sample = (schema: z.ZodType, options: Parameters<typeof arbitraryFor>[1] = {}) =>
  fc.sample(arbitraryFor(schema, options), { numRuns: 300, seed: 42 });

describe('fast-check arbitraries derived from zod schemas', () => {
  it('holds the whole Big List of Naughty Strings', () => {
    expect(hostileStrings.length).toBeGreaterThan(480);
    expect(hostileStrings).toContain('<script>alert(123)</script>');
  });

  it('draws valid values only, when hostility is off, for checks it can derive', () => {
    const schema = z.strictObject({
      id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      email: z.string().trim().max(254).pipe(z.email()),
      name: z.string().trim().min(1).max(5).optional(),
      count: z.number().int().min(1).max(9),
      ratio: z.number().gt(0).lt(1),
      kind: z.enum(['a', 'b']),
      flag: z.literal('true').optional(),
      tags: z.array(z.string().min(1)).max(3).default([]),
      extra: z.record(z.string().regex(/^[a-z]+$/), z.union([z.string().max(3), z.number(), z.null()])),
      site: z.url().nullable(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    });
    for (const value of sample(schema, { hostileWeight: 0 }))
      expect(schema.safeParse(value).error?.issues ?? []).toEqual([]);
  });

  it('puts hostile strings into string leaves, record keys included, and keeps the shape', () => {
    const values = sample(CreateContactRequest) as Record<string, unknown>[];
    const strings = values.flatMap((value) => [
      value.email,
      value.firstName,
      ...Object.keys((value.customFields as object) ?? {}),
    ]);
    expect(
      strings.filter((value) => typeof value === 'string' && hostileStrings.includes(value)).length,
    ).toBeGreaterThan(100);
    expect(values.every((value) => typeof value === 'object' && 'email' in value)).toBe(true);
  });

  it('gets past validation often enough when valid-only, refinements (time zone, storable number) being the exception', () => {
    const results = sample(CreateContactRequest, { hostileWeight: 0 }).map((value) =>
      CreateContactRequest.safeParse(value),
    );
    expect(results.flatMap((result) => result.error?.issues.filter((issue) => issue.code !== 'custom') ?? [])).toEqual(
      [],
    );
    expect(results.filter((result) => result.success).length).toBeGreaterThan(30);
  });

  it('derives our real request schemas without falling back', () => {
    const fallbacks: string[] = [];
    arbitraryFor(CreateFormRequest, { fallbacks });
    arbitraryFor(CreateContactRequest, { fallbacks });
    expect(fallbacks).toEqual([]);
  });

  it('falls back to a hostile string for a type it cannot derive, and says where', () => {
    const fallbacks: string[] = [];
    const values = fc.sample(arbitraryFor(z.object({ when: z.date() }), { fallbacks }), { numRuns: 20, seed: 1 }) as {
      when: unknown;
    }[];
    expect(fallbacks).toEqual(['/when: date']);
    expect(values.every(({ when }) => hostileStrings.includes(when as string))).toBe(true);
  });
});
