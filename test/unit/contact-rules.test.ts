import { describe, expect, it } from 'vitest';
import { applyContactPatch, newContact } from '#shared/contacts/contact.rules.ts';
import { CreateContactRequest, UpdateContactRequest, customFieldLimits } from '#shared/contacts/contact.schema.ts';
import { aContact, aContactRequest, fixedContext } from '../support/builders.ts';

describe('newContact', () => {
  it('starts at version 1 with the clock time and a normalised email', () => {
    const context = fixedContext('2026-01-02T03:04:05.000Z');
    const contact = newContact(aContactRequest({ email: ' Pat@Example.com ', tags: ['a', 'a', 'b'] }), context);
    expect(contact).toMatchObject({
      email: 'Pat@Example.com',
      emailNormalised: 'pat@example.com',
      version: 1,
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
      lifecycleStage: 'subscriber',
      tags: ['a', 'b'],
    });
    expect(contact.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('applyContactPatch', () => {
  it('sets, clears (null) and keeps fields, bumps the version and names what changed', () => {
    const context = fixedContext();
    const before = aContact({ firstName: 'Pat', jobTitle: 'CTO', country: 'DE' }, context);
    context.advance(60_000);
    const patch = UpdateContactRequest.parse({ firstName: 'Patricia', jobTitle: null });
    const { after, changedFields } = applyContactPatch(before, patch, context);
    expect(after.firstName).toBe('Patricia');
    expect(after).not.toHaveProperty('jobTitle');
    expect(after.country).toBe('DE');
    expect(after.version).toBe(2);
    expect(after.updatedAt).toBe('2026-11-01T09:01:00.000Z');
    expect(changedFields.sort()).toEqual(['firstName', 'jobTitle']);
  });

  it('merges custom fields key by key, null removing a key', () => {
    const before = aContact({ customFields: { plan: 'growth', seats: 10 } });
    const { after } = applyContactPatch(
      before,
      UpdateContactRequest.parse({ customFields: { seats: 25, plan: null, trial: true } }),
      fixedContext(),
    );
    expect(after.customFields).toEqual({ seats: 25, trial: true });
  });

  it('re-normalises the email when it changes', () => {
    const before = aContact({ email: 'old@example.com' });
    const { after, changedFields } = applyContactPatch(
      before,
      UpdateContactRequest.parse({ email: 'New@Example.com' }),
      fixedContext(),
    );
    expect(after.emailNormalised).toBe('new@example.com');
    expect(changedFields).toEqual(expect.arrayContaining(['email', 'emailNormalised']));
  });

  it('changes nothing (same version) when the patch repeats current values', () => {
    const before = aContact({ firstName: 'Pat' });
    const result = applyContactPatch(before, UpdateContactRequest.parse({ firstName: 'Pat' }), fixedContext());
    expect(result.changedFields).toEqual([]);
    expect(result.after).toBe(before);
  });
});

describe('contact schemas', () => {
  it('rejects unknown fields, bad emails and bad custom field names', () => {
    const result = CreateContactRequest.safeParse({
      email: 'not-an-email',
      nickname: 'x',
      customFields: { '1st': 'x' },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['email', 'customFields.1st']));
    expect(result.error?.issues.some((issue) => issue.code === 'unrecognized_keys')).toBe(true);
  });

  it(`limits custom fields to ${customFieldLimits.maxFields} keys and ${customFieldLimits.maxStringLength}-character strings`, () => {
    const tooMany = Object.fromEntries(Array.from({ length: customFieldLimits.maxFields + 1 }, (_, i) => [`f${i}`, i]));
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', customFields: tooMany }).success).toBe(false);
    const tooLong = { note: 'x'.repeat(customFieldLimits.maxStringLength + 1) };
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', customFields: tooLong }).success).toBe(false);
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', customFields: { nested: { a: 1 } } }).success).toBe(
      false,
    );
  });

  it('accepts IANA time zones and ISO country codes only', () => {
    expect(
      CreateContactRequest.safeParse({ email: 'a@example.com', timeZone: 'Europe/Berlin', country: 'DE' }).success,
    ).toBe(true);
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', country: 'Germany' }).success).toBe(false);
  });

  it('refuses an empty patch', () => {
    expect(UpdateContactRequest.safeParse({}).success).toBe(false);
  });
});
