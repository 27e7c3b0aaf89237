import * as z from 'zod';
import { emailFormatHint, parseEmail } from './email.ts';
import { numberInput, numberFormatHint } from './numbers.ts';

/** Field schemas shared by several entities, so each rule is spelled once. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');
/**
 * An email address, its domain in Unicode or punycode; parses to the mailable form (domain in
 * punycode, see shared/common/email.ts). A non-ASCII part before the @ is refused with the reason.
 */
export const Email = z
  .string()
  .trim()
  .max(1000)
  .transform((typed, context) => {
    const parsed = parseEmail(typed);
    if (parsed.ok) return parsed.email;
    context.addIssue({ code: 'custom', message: parsed.message, input: typed });
    return z.NEVER;
  })
  .meta({
    description: `${emailFormatHint}; the part before the @ must be ASCII (SES does not support SMTPUTF8)`,
    examples: ['ada@example.com', 'info@شرکت.ایران', 'info@xn--pgbni38b.xn--mgba3a4f16a'],
  });
export const Name = (max = 200) => z.string().trim().min(1).max(max);
export const TimeZone = z
  .string()
  .refine((zone) => zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone), 'must be an IANA time zone');
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"');
export const Timestamp = z.iso.datetime({ offset: true });
/** A whole number in a query or path parameter, in digits of any script (see numbers.ts). */
export const IntegerText = (min: number, max?: number) => {
  const range = max === undefined ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
  const integer = z
    .number({ error: `must be ${numberFormatHint}` })
    .int(`must be ${range}`)
    .min(min, `must be ${range}`);
  return numberInput(max === undefined ? integer : integer.max(max, `must be ${range}`)).meta({
    description: `${range}, in ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩) digits`,
  });
};
export const Limit = IntegerText(1, 100)
  .default(25)
  .meta({ description: 'page size: a whole number from 1 to 100 (default 25), in digits of any script' });
export const Cursor = z.string().max(2048);
/**
 * A number DynamoDB can store: 0, or a magnitude from 1e-130 to below 1e126. Plain z.number() let
 * 2e-323 through to the write, which DynamoDB refused (a 500 instead of a 400).
 */
export const StoredNumber = z
  .number()
  .refine(
    (n) => n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) < 1e126),
    'must be 0 or between 1e-130 and 1e125 in size',
  );

/** The metadata every stored entity carries. */
export const versionedFields = {
  id: Ulid,
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const customFieldLimits = { maxFields: 50, maxKeyLength: 64, maxStringLength: 1000 } as const;

/** Custom fields: a typed key/value map. Keys are identifiers so they can be used in segments and templates. */
export const CustomFields = z
  .record(
    z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'custom field names start with a letter and use letters, digits and _')
      .max(customFieldLimits.maxKeyLength),
    z.union([z.string().max(customFieldLimits.maxStringLength), StoredNumber, z.boolean(), z.null()]),
  )
  .refine((fields) => Object.keys(fields).length <= customFieldLimits.maxFields, {
    message: `at most ${customFieldLimits.maxFields} custom fields`,
  });
export type CustomFields = z.infer<typeof CustomFields>;
