import { describe, expect, it } from 'vitest';
import { CreateActivityRequest } from '#shared/activities/activity.schema.ts';
import { StoredNumber } from '#shared/common/fields.ts';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { CreateSegmentRequest } from '#shared/segments/segment.schema.ts';

describe('numbers a request may carry are numbers DynamoDB can store', () => {
  it('accepts 0 and magnitudes from 1e-130 to below 1e126, either sign', () => {
    for (const n of [0, -0, 1e-130, -1e-130, 0.5, -42, 1e125, -9.99e125])
      expect(StoredNumber.safeParse(n).success, String(n)).toBe(true);
    for (const n of [5e-324, 2e-323, -7e-323, 1e-131, 1e126, -1e200, Number.MAX_VALUE, Infinity, NaN])
      expect(StoredNumber.safeParse(n).success, String(n)).toBe(false);
  });

  it('is what custom fields, company revenue, activity details and segment filters use (each was a 500 at the write)', () => {
    expect(CreateContactRequest.safeParse({ email: 'a@example.com', customFields: { seats: 1e-200 } }).success).toBe(
      false,
    );
    expect(CreateCompanyRequest.safeParse({ name: 'Acme', annualRevenue: 2e-323 }).success).toBe(false);
    expect(
      CreateActivityRequest.safeParse({ type: 'note', contactId: '01JDEM0000000000000000000X', details: { x: 9e-300 } })
        .success,
    ).toBe(false);
    expect(CreateSegmentRequest.safeParse({ name: 'Tiny', filter: { scoreMax: -7e-323 } }).success).toBe(false);
    expect(CreateSegmentRequest.safeParse({ name: 'Fine', filter: { scoreMax: 40 } }).success).toBe(true);
  });
});
