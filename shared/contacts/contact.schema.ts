import * as z from 'zod';

/** Stages a contact moves through; order matters (later stages are further down the funnel). */
export const lifecycleStages = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist', 'other'] as const;
export const LifecycleStage = z.enum(lifecycleStages);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

export const customFieldLimits = { maxFields: 50, maxKeyLength: 64, maxStringLength: 1000 } as const;

/** Custom fields: a typed key/value map. Keys are identifiers so they can be used in segments and templates. */
export const CustomFields = z
  .record(
    z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/, 'custom field names start with a letter and use letters, digits and _')
      .max(customFieldLimits.maxKeyLength),
    z.union([z.string().max(customFieldLimits.maxStringLength), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((fields) => Object.keys(fields).length <= customFieldLimits.maxFields, {
    message: `at most ${customFieldLimits.maxFields} custom fields`,
  });
export type CustomFields = z.infer<typeof CustomFields>;

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a ULID');
const Tag = z.string().trim().min(1).max(64);

/** Fields a client may set on a contact. */
const contactFields = {
  email: z.string().trim().max(254).pipe(z.email()),
  firstName: trimmed(100).optional(),
  lastName: trimmed(100).optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ().-]{5,32}$/, 'must be a phone number').optional(),
  jobTitle: trimmed(200).optional(),
  companyName: trimmed(200).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "DE"').optional(),
  timeZone: z
    .string()
    .refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'must be an IANA time zone')
    .optional(),
  lifecycleStage: LifecycleStage.default('subscriber'),
  ownerId: Id.optional(),
  tags: z.array(Tag).max(50).default([]),
  customFields: CustomFields.default({}),
};

export const CreateContactRequest = z.strictObject(contactFields);
export type CreateContactRequest = z.infer<typeof CreateContactRequest>;

/**
 * JSON Merge Patch (RFC 7396) of a contact: absent = unchanged, null = cleared.
 * Custom fields merge key by key (a null value removes that key).
 */
export const UpdateContactRequest = z
  .strictObject({
    email: contactFields.email.optional(),
    firstName: contactFields.firstName.nullable(),
    lastName: contactFields.lastName.nullable(),
    phone: contactFields.phone.nullable(),
    jobTitle: contactFields.jobTitle.nullable(),
    companyName: contactFields.companyName.nullable(),
    country: contactFields.country.nullable(),
    timeZone: contactFields.timeZone.nullable(),
    lifecycleStage: LifecycleStage.optional(),
    ownerId: contactFields.ownerId.nullable(),
    tags: z.array(Tag).max(50).optional(),
    customFields: CustomFields.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

export const Contact = z.object({
  id: Id,
  email: z.string(),
  emailNormalised: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  phone: z.string().optional(),
  jobTitle: z.string().optional(),
  companyName: z.string().optional(),
  country: z.string().optional(),
  timeZone: z.string().optional(),
  lifecycleStage: LifecycleStage,
  ownerId: z.string().optional(),
  tags: z.array(z.string()),
  customFields: CustomFields,
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Contact = z.infer<typeof Contact>;

export const ContactId = z.object({ contactId: Id });

export const ListContactsQuery = z
  .strictObject({
    ownerId: Id.optional(),
    lifecycleStage: LifecycleStage.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .refine((query) => !(query.ownerId && query.lifecycleStage), {
    message: 'filter by ownerId or by lifecycleStage, not both',
    path: ['ownerId'],
  });
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;
