import * as z from 'zod';
import { LeadScore } from '../scoring/scoring-model.schema.ts';
import {
  CountryCode,
  CustomFields,
  Cursor,
  Email,
  IntegerText,
  Limit,
  Name,
  TimeZone,
  Timestamp,
  Ulid,
  versionedFields,
} from '../common/fields.ts';
import { parsePhone, phoneCharacters, phoneFormatHint } from '../common/phone.ts';
import { parseEmail } from '../common/email.ts';
import { looksLikeEmail, maxSearchTextLength, minNameQueryLength, nameQueryProblem } from './contact-search.rules.ts';

export { CustomFields, customFieldLimits } from '../common/fields.ts';

/** Stages a contact moves through; order matters (later stages are further down the funnel). */
export const lifecycleStages = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
export const LifecycleStage = z.enum(lifecycleStages);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

const Tag = z.string().trim().min(1).max(64);

/** Fields a client may set on a contact. */
const contactFields = {
  email: Email,
  firstName: Name(100).optional(),
  lastName: Name(100).optional(),
  /** As typed (kept for display); read in `country` when national, and stored as `phoneE164` too. */
  phone: z
    .string()
    .trim()
    .max(64, `must be ${phoneFormatHint}`)
    .regex(phoneCharacters, `must be ${phoneFormatHint}`)
    .meta({
      description: `${phoneFormatHint}; digits of any script (+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹), spaces, dashes, dots, parentheses, + or 00 before the country code`,
      examples: ['+98 912 345 6789', '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹', '00 ٩٨ ٩١٢ ٣٤٥ ٦٧٨٩', '+1 202 555 0143'],
    })
    .optional(),
  jobTitle: Name(200).optional(),
  companyName: Name(200).optional(),
  country: CountryCode.optional(),
  timeZone: TimeZone.optional(),
  lifecycleStage: LifecycleStage.default('subscriber'),
  ownerId: Ulid.optional(),
  /** Set explicitly, or linked automatically when the email's domain is a company's domain. */
  companyId: Ulid.optional(),
  tags: z.array(Tag).max(50).default([]),
  customFields: CustomFields.default({}),
  /** When the contact was created in the CRM it was imported from (createdAt is when Relay stored it). */
  originalCreatedAt: Timestamp.optional(),
};

/**
 * Why `phone` cannot be read (in `country` when it is national), or undefined when it can.
 * `countryUnknown`: the country may still come from elsewhere (a patch without one keeps the contact's).
 */
export function phoneProblem(phone: string, country: string | undefined, countryUnknown = false): string | undefined {
  // Characters that are no phone are the field's own error already.
  if (!phoneCharacters.test(phone)) return undefined;
  const parsed = parsePhone(phone, country);
  if (parsed.ok || (parsed.reason === 'needs-country' && countryUnknown)) return undefined;
  return parsed.reason === 'needs-country'
    ? `must be ${phoneFormatHint}: a national number needs the contact's country (or write it with + and the country code)`
    : country
      ? `must be ${phoneFormatHint} (not a valid number in ${country})`
      : `must be ${phoneFormatHint}`;
}

export const CreateContactRequest = z.strictObject(contactFields).superRefine((contact, context) => {
  const problem = contact.phone === undefined ? undefined : phoneProblem(contact.phone, contact.country);
  if (problem) context.addIssue({ code: 'custom', path: ['phone'], message: problem, input: contact.phone });
});
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
    companyId: contactFields.companyId.nullable(),
    tags: z.array(Tag).max(50).optional(),
    customFields: CustomFields.optional(),
    originalCreatedAt: contactFields.originalCreatedAt.nullable(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' })
  .superRefine((patch, context) => {
    if (typeof patch.phone !== 'string') return;
    const problem = phoneProblem(patch.phone, patch.country ?? undefined, patch.country === undefined);
    if (problem) context.addIssue({ code: 'custom', path: ['phone'], message: problem, input: patch.phone });
  });
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

/** `withdrawn`: the contact unsubscribed; only a new explicit opt-in (a form, double opt-in) grants again. */
export const consentStatuses = ['none', 'pending', 'granted', 'withdrawn'] as const;
export type ConsentStatus = (typeof consentStatuses)[number];

/** Marketing consent, managed by Relay (forms, double opt-in, unsubscribes), never set directly by clients. */
export const MarketingConsent = z.object({
  status: z.enum(consentStatuses),
  updatedAt: z.string().optional(),
  source: z.string().optional(),
  textVersion: z.string().optional(),
});
export type MarketingConsent = z.infer<typeof MarketingConsent>;

/** A routing assignment: who, how, and when the owner's first touch is due. */
export const LeadAssignment = z.object({
  ownerId: z.string(),
  assignedAt: z.string(),
  strategy: z.enum(['account', 'round-robin', 'weighted', 'capacity']),
  teamId: z.string().optional(),
  slaDueAt: z.string().optional(),
  /** Set once an untouched lead has been moved on; a lead is reassigned at most once. */
  reassignedFrom: z.string().optional(),
});
export type LeadAssignment = z.infer<typeof LeadAssignment>;

export const Contact = z.object({
  id: Ulid,
  /** The address mail goes to: an internationalised domain in punycode (SES takes ASCII only). */
  email: z.string(),
  /** The key under which the email is unique and matched (lower case, punycode domain). */
  emailNormalised: z.string(),
  /** The email with its internationalised domain in Unicode, for display; absent when that is `email` itself. */
  emailDisplay: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** As typed. */
  phone: z.string().optional(),
  /** The phone in E.164 (+989123456789), for matching and sending; absent on contacts stored before it existed. */
  phoneE164: z.string().optional(),
  jobTitle: z.string().optional(),
  companyName: z.string().optional(),
  country: z.string().optional(),
  timeZone: z.string().optional(),
  lifecycleStage: LifecycleStage,
  ownerId: z.string().optional(),
  companyId: z.string().optional(),
  tags: z.array(z.string()),
  customFields: CustomFields,
  consent: MarketingConsent.default({ status: 'none' }),
  /** The latest score, grade and explanation (written by the lead-lifecycle workflow; decay is applied when it rescores). */
  leadScore: LeadScore.optional(),
  /** How the current owner got the lead, when routing assigned it. */
  assignment: LeadAssignment.optional(),
  originalCreatedAt: z.string().optional(),
  version: versionedFields.version,
  createdAt: versionedFields.createdAt,
  updatedAt: versionedFields.updatedAt,
});
export type Contact = z.infer<typeof Contact>;

export const ContactId = z.object({ contactId: Ulid });

export const ListContactsQuery = z
  .strictObject({
    ownerId: Ulid.optional(),
    companyId: Ulid.optional(),
    lifecycleStage: LifecycleStage.optional(),
    /** `true`: contacts nobody owns, newest first (routing's fallback queue). */
    unowned: z.literal('true').optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine(
    (query) => [query.ownerId, query.companyId, query.lifecycleStage, query.unowned].filter(Boolean).length <= 1,
    {
      message: 'filter by one of ownerId, companyId, lifecycleStage or unowned (use a segment to combine filters)',
      path: ['ownerId'],
    },
  );
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

/** The quick find: an email (exact, after normalisation) or the start of a name (see contact-search.rules.ts). */
export const SearchContactsQuery = z.strictObject({
  q: z
    .string({ error: 'is required: an email, or the start of a name' })
    .max(1000)
    .superRefine((q, context) => {
      const problem = looksLikeEmail(q)
        ? ((parsed) => (parsed.ok ? undefined : `is read as an email (it has an @), and ${parsed.message}`))(
            parseEmail(q),
          )
        : nameQueryProblem(q);
      if (problem) context.addIssue({ code: 'custom', message: problem, input: q });
    })
    .meta({
      description: `an email (found exactly, after normalisation; its domain in Unicode or punycode), or the start of a first name, last name or full name (at least ${minNameQueryLength} letters or digits; case, accents, Arabic harakat, ZWNJ, tatweel and the Arabic and Persian forms of yeh and kaf do not matter; the first ${maxSearchTextLength} characters count)`,
      examples: ['ada@example.com', 'info@شرکت.ایران', 'ada lov', 'علی', 'علي'],
    }),
  limit: IntegerText(1, 50).default(10).meta({
    description: 'most contacts to return: a whole number from 1 to 50 (default 10), in digits of any script',
  }),
});
export type SearchContactsQuery = z.infer<typeof SearchContactsQuery>;

/** Contacts found by the quick find: the email's contact, or name matches best first (the shortest matching name, then alphabetical). */
export const ContactSearchResult = z.object({
  matchedBy: z.enum(['email', 'name']),
  items: z.array(Contact),
});
export type ContactSearchResult = z.infer<typeof ContactSearchResult>;
