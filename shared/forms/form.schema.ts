import * as z from 'zod';
import { CountryCode, Cursor, Limit, Name, Ulid, versionedFields } from '../common/fields.ts';
import { LifecycleStage } from '../contacts/contact.schema.ts';

/** Contact fields a form field can fill; `custom.<name>` fills a custom field. */
export const mappableContactFields = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'jobTitle',
  'companyName',
  'country',
  'timeZone',
] as const;
/**
 * What a form is for: `lead` forms bring in leads (Lead intake); `support` forms open a ticket for the
 * contact with their message (the public support form), through the same bot checks, limits and exactly-once.
 */
export const formKinds = ['lead', 'support'] as const;

/** Ticket fields a support form's fields can fill; `ticket.custom.<name>` fills a custom field of the ticket. */
export const mappableTicketFields = ['ticket.subject', 'ticket.message'] as const;
const MappingTarget = z.union([
  z.enum(mappableContactFields),
  z.enum(mappableTicketFields),
  z
    .string()
    .regex(
      /^(ticket\.)?custom\.[a-zA-Z][a-zA-Z0-9_]{0,63}$/,
      'a contact field, custom.<name>, ticket.subject, ticket.message or ticket.custom.<name>',
    ),
]);
const FormFieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/, 'form field names are letters, digits, _ . -');
const Origin = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'an origin such as https://www.example.com (no path)');

const formFields = {
  name: Name(100),
  kind: z.enum(formKinds).default('lead'),
  /** Form field → contact field; the form must map something to `email`. */
  fieldMapping: z
    .record(FormFieldName, MappingTarget)
    .refine((mapping) => Object.values(mapping).includes('email'), { message: 'map one form field to email' }),
  /** Sites allowed to post from a browser (CORS). Server-to-server posts carry no Origin. */
  allowedOrigins: z.array(Origin).max(20).default([]),
  consent: z
    .strictObject({
      /** The exact wording the visitor agreed to, kept with every consent record. */
      text: z.string().trim().min(1).max(2000),
      version: z.string().trim().min(1).max(40),
      /** The form field that carries the visitor's tick; absent = submitting the form is consent. */
      field: FormFieldName.optional(),
    })
    .optional(),
  /** Send a confirmation email first; marketing consent only once the link is clicked. */
  doubleOptIn: z.boolean().default(false),
  /** Where a plain HTML form's visitor lands after submitting (303). */
  redirectUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** A hidden field humans leave empty. */
  honeypotField: FormFieldName.default('website'),
  /** Submissions faster than this after the form's token was issued are treated as bots. */
  minFillSeconds: z.number().int().min(0).max(600).default(3),
  /** Refuse (as a bot) submissions without a form token, e.g. plain HTML forms that never fetched one. */
  requireFormToken: z.boolean().default(false),
  turnstile: z.strictObject({ enabled: z.boolean() }).default({ enabled: false }),
  /** New submissions allowed per network (hashed IP) per window; repeats of a submission are not counted. */
  rateLimit: z
    .strictObject({
      requests: z.number().int().min(1).max(1_000_000),
      windowSeconds: z.number().int().min(1).max(86_400),
    })
    .default({ requests: 20, windowSeconds: 600 }),
  /**
   * Where the form's visitors are: a phone typed as a national number (`0912 345 6789`, no + and country
   * code) is read in this country when the visitor gives none. The contact's country is not set by it.
   */
  phoneCountry: CountryCode.optional(),
  /** Applied to every lead from this form. */
  leadDefaults: z
    .strictObject({
      lifecycleStage: LifecycleStage.optional(),
      ownerId: Ulid.optional(),
      tags: z.array(z.string().min(1).max(64)).max(20).default([]),
    })
    .default({ tags: [] }),
  /** The nurture campaign this form's leads join (used by the campaign workflow). */
  campaignId: Ulid.optional(),
  /** A support form's team: its tickets are routed among that team's agents (absent: by the support routing policy). */
  supportTeamId: Ulid.optional(),
};

/**
 * What the mapping must hold for the form's kind: a support form maps a field to `ticket.subject` and one to
 * `ticket.message`; a lead form maps none to a ticket field. Each problem with the member it is about.
 */
export function formKindProblems(form: {
  kind: (typeof formKinds)[number];
  fieldMapping: Record<string, string>;
}): { path: string[]; message: string }[] {
  const targets = Object.values(form.fieldMapping);
  if (form.kind === 'lead') {
    const ticketField = Object.entries(form.fieldMapping).find(([, target]) => target.startsWith('ticket.'))?.[0];
    return ticketField !== undefined
      ? [{ path: ['fieldMapping', ticketField], message: 'only a support form fills ticket fields' }]
      : [];
  }
  return mappableTicketFields
    .filter((target) => !targets.includes(target))
    .map((target) => ({ path: ['fieldMapping'], message: `a support form maps one form field to ${target}` }));
}

export const CreateFormRequest = z.strictObject(formFields).superRefine((form, ctx) => {
  for (const problem of formKindProblems(form)) ctx.addIssue({ code: 'custom', ...problem });
});
export type CreateFormRequest = z.infer<typeof CreateFormRequest>;

/** Members a form may go without: a patch's null removes them (JSON merge patch, RFC 7396). */
const clearableFields = ['consent', 'redirectUrl', 'phoneCountry', 'campaignId'] as const;
type ClearableField = (typeof clearableFields)[number];
const isClearable = (key: string): key is ClearableField => (clearableFields as readonly string[]).includes(key);

/**
 * A member as a patch takes it: without its default. zod applies a default even inside `.optional()`, so a
 * patch that left out `allowedOrigins` or `rateLimit` would put them back to their defaults.
 */
const withoutDefault = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;

export const UpdateFormRequest = z
  .strictObject(
    Object.fromEntries(
      Object.entries(formFields).map(([key, schema]) => {
        const member = withoutDefault(schema as z.ZodType);
        return [key, isClearable(key) ? member.nullable().optional() : member.optional()];
      }),
    ) as {
      [K in keyof typeof formFields]: K extends ClearableField
        ? z.ZodOptional<z.ZodNullable<(typeof formFields)[K]>>
        : z.ZodOptional<(typeof formFields)[K]>;
    },
  )
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateFormRequest = z.infer<typeof UpdateFormRequest>;

export const Form = z.object({ ...versionedFields, ...formFields });
export type Form = z.infer<typeof Form>;

export const FormId = z.object({ formId: Ulid });
export const ListFormsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
