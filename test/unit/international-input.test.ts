import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { displayEmail, mailableEmail, normaliseEmail, parseEmail } from '#shared/common/email.ts';
import { Email, Limit } from '#shared/common/fields.ts';
import { numberInput, parseNumberText, toAsciiDigits } from '#shared/common/numbers.ts';
import { parsePhone } from '#shared/common/phone.ts';
import { CreateContactRequest, UpdateContactRequest } from '#shared/contacts/contact.schema.ts';
import { applyContactPatch, newContact } from '#shared/contacts/contact.rules.ts';
import * as z from 'zod';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { CampaignVersionPath } from '#shared/campaigns/campaign.schema.ts';
import { CreateDealRequest } from '#shared/deals/deal.schema.ts';
import { BoardQuery, CreatePipelineRequest } from '#shared/deals/pipeline.schema.ts';
import { mapCsvRow, suggestColumns } from '#shared/imports/csv-mapping.ts';
import { fitConditionHolds } from '#shared/scoring/fit-conditions.ts';
import { matchesSegment } from '#shared/segments/segment.rules.ts';
import { SegmentFilter } from '#shared/segments/segment.schema.ts';
import { AnswerQuery } from '#shared/surveys/survey.schema.ts';
import { aContact } from '../support/builders.ts';

/** A CSV record mapped as the import maps it: columns suggested from its own header. */
const csvRow = (record: Record<string, string>, entity: 'contacts' | 'companies') =>
  mapCsvRow(record, suggestColumns(Object.keys(record), entity), '2026-03-01T10:00:00.000Z');

const context = { now: () => new Date('2026-03-01T10:00:00Z'), newId: () => '01JNP0000000000000000000AA' };
// The real A-labels, from node's own IDNA (UTS #46) conversion.
const iranDomain = 'شرکت.ایران';
const iranDomainAscii = domainToASCII(iranDomain);

describe('digits of any script', () => {
  it.each([
    ['۰۱۲۳۴۵۶۷۸۹', '0123456789'],
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'],
    ['tel ۹۱۲-٣٤٥ 67', 'tel 912-345 67'],
  ])('toAsciiDigits(%j) is %j', (typed, ascii) => expect(toAsciiDigits(typed)).toBe(ascii));

  it.each([
    ['1200.5', 1200.5],
    ['۱۲۰۰', 1200],
    ['١٢٠٠', 1200],
    ['۱۲٬۰۰۰٫۵', 12000.5],
    ['١٢٬٣٤٥٫٦٧', 12345.67],
    ['۱۲۳۴5', 12345],
    ['  ۴۲  ', 42],
    ['1 200', 1200],
    ['1_200', 1200],
    ['-٣', -3],
    ['−۳', -3],
    ['\u200f۱۲\u200e', 12],
    ['.5', 0.5],
    ['1e3', 1000],
  ])('parseNumberText(%j) is %d', (typed, value) => expect(parseNumberText(typed)).toBe(value));

  it.each(['', '  ', 'abc', '۱۲a', '1,200', '1.2.3', '٫', '1e999', '12 kg', '--1'])(
    'parseNumberText(%j) is not a number',
    (typed) => expect(parseNumberText(typed)).toBeUndefined(),
  );

  it('lets a number schema take the text, keeping JSON numbers as they are and saying the format when wrong', () => {
    const Amount = numberInput(z.number().min(0));
    expect(Amount.parse(1200.5)).toBe(1200.5);
    expect(Amount.parse('۱۲۰۰٫۵')).toBe(1200.5);
    expect(Amount.safeParse('twelve').error?.issues[0]?.message).toBe(
      'must be a number such as 1200.5, ۱۲۰۰٫۵ or ١٢٠٠٫٥',
    );
    expect(Amount.safeParse(true).success).toBe(false);
    expect(Amount.safeParse('-۱').success).toBe(false);
  });

  it('reads a query limit in any script, with the range in the error', () => {
    expect(Limit.parse('۵۰')).toBe(50);
    expect(Limit.parse('٥٠')).toBe(50);
    expect(Limit.parse(undefined)).toBe(25);
    expect(Limit.safeParse('۵۰۰').error?.issues[0]?.message).toBe('must be a whole number from 1 to 100');
    expect(Limit.safeParse('x').error?.issues[0]?.message).toMatch(/^must be a number such as/);
  });
});

describe('parsePhone: as typed to E.164', () => {
  it.each([
    ['+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', undefined, '+989123456789'],
    ['+٩٨ ٩١٢ ٣٤٥ ٦٧٨٩', undefined, '+989123456789'],
    ['+98 ۹۱۲ ٣٤٥ 6789', undefined, '+989123456789'],
    ['+98 (912) 345-6789', undefined, '+989123456789'],
    ['+98.912.345.6789', undefined, '+989123456789'],
    ['۰۰۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', undefined, '+989123456789'],
    ['00989123456789', 'IR', '+989123456789'],
    ['۰۹۱۲ ۳۴۵ ۶۷۸۹', 'IR', '+989123456789'],
    ['٠٩١٢-٣٤٥-٦٧٨٩', 'IR', '+989123456789'],
    ['(0912) 345 6789', 'IR', '+989123456789'],
    ['030 123456', 'DE', '+4930123456'],
    ['+1 202 555 0143', 'IR', '+12025550143'],
  ])('%j in %s is %s', (typed, country, e164) => expect(parsePhone(typed, country)).toEqual({ ok: true, e164 }));

  it.each([
    ['۰۹۱۲ ۳۴۵ ۶۷۸۹', undefined, 'needs-country'],
    ['912 345 6789', undefined, 'needs-country'],
    ['+98 912 345', undefined, 'invalid'],
    ['12', 'IR', 'invalid'],
    ['phone', undefined, 'invalid'],
    ['+1 202 555 0143 ext 3', undefined, 'invalid'],
    ['+98 912 345 6789, +98 912 345 6780', undefined, 'invalid'],
    ['', undefined, 'invalid'],
  ])('%j in %s is refused (%s)', (typed, country, reason) =>
    expect(parsePhone(typed, country)).toEqual({ ok: false, reason }),
  );
});

describe('email addresses on internationalised domains', () => {
  it('uses the real punycode of شرکت.ایران', () => {
    expect(iranDomainAscii).toBe('xn--pgbni38b.xn--mgba3a4f16a');
  });

  it.each([
    [`info@${iranDomain}`, `info@${iranDomainAscii}`],
    [`Info@${iranDomainAscii}`, `Info@${iranDomainAscii}`],
    ['x@xn--mgba3a4f16a.xn--mgba3a4fra', 'x@xn--mgba3a4f16a.xn--mgba3a4fra'],
    ['  info@Bücher.example ', 'info@xn--bcher-kva.example'],
    ['Ada.Lovelace@Example.COM', 'Ada.Lovelace@Example.COM'],
    ['a.b+news@example.co.uk', 'a.b+news@example.co.uk'],
  ])('accepts %j, mailed as %j', (typed, mailable) => {
    expect(parseEmail(typed)).toEqual({ ok: true, email: mailable });
    expect(Email.parse(typed)).toBe(mailable);
    expect(mailableEmail(typed)).toBe(mailable);
  });

  it('makes the Unicode and the punycode spelling one normalised address', () => {
    expect(normaliseEmail(`Info@${iranDomain}`)).toBe(`info@${iranDomainAscii}`);
    expect(normaliseEmail(`INFO@${iranDomainAscii.toUpperCase()}`)).toBe(`info@${iranDomainAscii}`);
    expect(normaliseEmail(Email.parse(`info@${iranDomain}`))).toBe(normaliseEmail(`info@${iranDomainAscii}`));
  });

  it.each([
    ['Ada.Lovelace@Example.COM', 'ada.lovelace@example.com'],
    ['  dup.user@EXAMPLE.com ', 'dup.user@example.com'],
    ["o'brien+tag@sub.example.org", "o'brien+tag@sub.example.org"],
  ])('keeps the normalised form of the ASCII address %j as it was (lower case, trimmed)', (typed, normalised) => {
    expect(normaliseEmail(typed)).toBe(normalised);
    expect(normaliseEmail(typed)).toBe(typed.trim().toLowerCase());
  });

  it('shows an internationalised domain in Unicode, and nothing else differently', () => {
    expect(displayEmail(`info@${iranDomainAscii}`)).toBe(`info@${iranDomain}`);
    expect(displayEmail('a@example.com')).toBeUndefined();
  });

  it('refuses a non-ASCII local part, saying SES cannot mail it', () => {
    const result = Email.safeParse('علی@example.com');
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.message).toMatch(/part before the @ must be ASCII.*SES.*SMTPUTF8/);
    expect(parseEmail(`علی@${iranDomain}`)).toMatchObject({ ok: false, message: expect.stringMatching(/SMTPUTF8/) });
  });

  it.each(['not-an-email', 'a@', '@example.com', 'a@b.c', 'a@xn--zz.com', 'a@exa mple.com', 'a@@example.com'])(
    'refuses %j with the expected format',
    (typed) => expect(Email.safeParse(typed).error?.issues[0]?.message).toMatch(/must be|ASCII/),
  );
});

describe('a contact keeps what was typed and stores the normalised forms', () => {
  it('reads a Persian-digit national phone in the contact country and an IDN email', () => {
    const request = CreateContactRequest.parse({
      email: `info@${iranDomain}`,
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      country: 'IR',
    });
    expect(newContact(request, context)).toMatchObject({
      email: `info@${iranDomainAscii}`,
      emailNormalised: `info@${iranDomainAscii}`,
      emailDisplay: `info@${iranDomain}`,
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      phoneE164: '+989123456789',
    });
  });

  it('refuses a national number without a country, saying the expected format', () => {
    const result = CreateContactRequest.safeParse({ email: 'a@example.com', phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['phone'], message: expect.stringMatching(/\+98 912 345 6789.*country/) }),
    ]);
  });

  it("reads a patched national phone in the patch's country, else the contact's", () => {
    const contact = newContact(CreateContactRequest.parse({ email: 'a@example.com', country: 'IR' }), context);
    const samePlace = applyContactPatch(contact, UpdateContactRequest.parse({ phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' }), context);
    expect(samePlace.after).toMatchObject({ phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹', phoneE164: '+989123456789' });
    const moved = applyContactPatch(
      contact,
      UpdateContactRequest.parse({ phone: '030 123456', country: 'DE' }),
      context,
    );
    expect(moved.after.phoneE164).toBe('+4930123456');
    const cleared = applyContactPatch(samePlace.after, UpdateContactRequest.parse({ phone: null }), context);
    expect(cleared.after).not.toHaveProperty('phone');
    expect(cleared.after).not.toHaveProperty('phoneE164');
    const nowhere = newContact(CreateContactRequest.parse({ email: 'b@example.com' }), context);
    expect(() => applyContactPatch(nowhere, UpdateContactRequest.parse({ phone: '0912 345 6789' }), context)).toThrow(
      /national number needs the contact's country/,
    );
    expect(UpdateContactRequest.safeParse({ phone: '0912 345 6789', country: null }).success).toBe(false);
  });

  it('keeps the display form in step with a patched email', () => {
    const contact = newContact(CreateContactRequest.parse({ email: `info@${iranDomain}` }), context);
    const patched = applyContactPatch(contact, UpdateContactRequest.parse({ email: 'info@example.com' }), context);
    expect(patched.after).toMatchObject({ email: 'info@example.com', emailNormalised: 'info@example.com' });
    expect(patched.after).not.toHaveProperty('emailDisplay');
  });
});

describe('numbers in digits of any script, wherever a number is expected', () => {
  it('reads query and path numbers: board column size, survey score, campaign version', () => {
    expect(BoardQuery.parse({ perStage: '۱۰' })).toEqual({ perStage: 10 });
    expect(AnswerQuery.parse({ token: 'x'.repeat(20), score: '٩' }).score).toBe(9);
    expect(AnswerQuery.safeParse({ token: 'x'.repeat(20), score: '۱۱' }).error?.issues[0]?.message).toBe(
      'must be a whole number from 0 to 10',
    );
    expect(CampaignVersionPath.parse({ campaignId: '01JNP0000000000000000000AA', number: '۳' }).number).toBe(3);
  });

  it('reads amounts, revenues and probabilities sent as text, and JSON numbers as before', () => {
    const deal = { name: 'Renewal', pipelineId: '01JNP0000000000000000000AA' };
    expect(CreateDealRequest.parse({ ...deal, amount: '۱۲٬۵۰۰٫۷۵' }).amount).toBe(12500.75);
    expect(CreateDealRequest.parse({ ...deal, amount: 12500.75 }).amount).toBe(12500.75);
    expect(CreateDealRequest.safeParse({ ...deal, amount: '۱۲ تومان' }).error?.issues[0]).toMatchObject({
      path: ['amount'],
      message: 'must be a number such as 1200.5, ۱۲۰۰٫۵ or ١٢٠٠٫٥',
    });
    expect(CreateCompanyRequest.parse({ name: 'Acme', annualRevenue: '٢٥٠٠٠٠٠' }).annualRevenue).toBe(2_500_000);
    const pipeline = CreatePipelineRequest.parse({
      name: 'Sales',
      stages: [
        { id: 'new', name: 'New', probability: '۰٫۲', kind: 'open' },
        { id: 'won', name: 'Won', probability: 1, kind: 'won' },
        { id: 'lost', name: 'Lost', probability: '٠', kind: 'lost' },
      ],
    });
    expect(pipeline.stages.map((stage) => stage.probability)).toEqual([0.2, 1, 0]);
  });

  it('compares a custom field typed in Persian digits (a form field) as the number it is', () => {
    const contact = aContact({ customFields: { employees: '۱۲۰', budget: '١٢٬٥٠٠' } });
    const more = (field: string, value: number) =>
      matchesSegment(contact, SegmentFilter.parse({ customFields: [{ field, op: 'gt', value }] }));
    expect(more('employees', 100)).toBe(true);
    expect(more('employees', 120)).toBe(false);
    expect(more('budget', 12_000)).toBe(true);
    expect(matchesSegment(contact, SegmentFilter.parse({ scoreMin: '۰', scoreMax: '٥٠' }))).toBe(true);
    const inRange = fitConditionHolds(
      { field: 'custom.employees', operator: 'range', min: 100, max: 200 },
      { contact },
      { competitorDomains: [], freeEmailDomains: [] },
    );
    expect(inRange).toBe(true);
    const sizeBand = fitConditionHolds(
      { field: 'companySize', operator: 'range', min: 51 },
      { contact, company: { size: '۵۱-۲۰۰' } },
      { competitorDomains: [], freeEmailDomains: [] },
    );
    expect(sizeBand).toBe(true);
  });

  it('reads CSV number columns in any script', () => {
    expect(csvRow({ Name: 'Acme', 'Annual Revenue': '۱۲٬۰۰۰٬۰۰۰', Employees: '۵۱-۲۰۰' }, 'companies').value).toEqual({
      name: 'Acme',
      annualRevenue: 12_000_000,
      size: '51-200',
    });
    expect(csvRow({ 'Annual Revenue': '1 200 000' }, 'companies').value).toEqual({ annualRevenue: 1_200_000 });
    expect(csvRow({ 'Annual Revenue': 'lots' }, 'companies').value).toEqual({ annualRevenue: 'lots' });
    const row = csvRow({ Email: `info@${iranDomain}`, Phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹', Country: 'ir' }, 'contacts');
    expect(newContact(CreateContactRequest.parse(row.value), context)).toMatchObject({
      email: `info@${iranDomainAscii}`,
      phoneE164: '+989123456789',
    });
  });
});
