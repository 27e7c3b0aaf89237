import * as z from 'zod';

/** Field schemas shared by several entities, so each rule is spelled once. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');
export const Email = z.string().trim().max(254).pipe(z.email());
export const Name = (max = 200) => z.string().trim().min(1).max(max);
export const TimeZone = z
  .string()
  .refine((zone) => zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone), 'must be an IANA time zone');
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"');
export const Timestamp = z.iso.datetime({ offset: true });
export const Limit = z.coerce.number().int().min(1).max(100).default(25);
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
