import { lifecycleStages, UpdateContactRequest, type LifecycleStage } from '#shared/contacts/contact.schema.ts';

export { lifecycleStages };

/** The edit form's fields, as the inputs hold them. */
export interface ContactFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
  companyName: string;
  lifecycleStage: LifecycleStage;
  /** Empty: nobody. */
  ownerId: string;
}
export type ContactFormField = keyof ContactFormValues;

const clearable = ['firstName', 'lastName', 'phone', 'jobTitle', 'companyName'] as const;

export interface EditableContact {
  email: string;
  emailDisplay?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  jobTitle?: string;
  companyName?: string;
  lifecycleStage: LifecycleStage;
  ownerId?: string;
}

export function contactFormOf(contact: EditableContact): ContactFormValues {
  return {
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    email: contact.emailDisplay ?? contact.email,
    phone: contact.phone ?? '',
    jobTitle: contact.jobTitle ?? '',
    companyName: contact.companyName ?? '',
    lifecycleStage: contact.lifecycleStage,
    ownerId: contact.ownerId ?? '',
  };
}

/** The JSON Merge Patch the form stands for: only what changed; an emptied field is cleared (null). */
export function contactPatchOf(before: EditableContact, values: ContactFormValues): Record<string, unknown> {
  const initial = contactFormOf(before);
  const patch: Record<string, unknown> = {};
  for (const field of clearable) {
    if (values[field].trim() === initial[field].trim()) continue;
    patch[field] = values[field].trim() ? values[field] : null;
  }
  if (values.email.trim() !== initial.email.trim()) patch.email = values.email;
  if (values.lifecycleStage !== initial.lifecycleStage) patch.lifecycleStage = values.lifecycleStage;
  if (values.ownerId !== initial.ownerId) patch.ownerId = values.ownerId || null;
  return patch;
}

export type ContactValidation =
  | { ok: true; patch: UpdateContactRequest }
  | { ok: false; fieldErrors: Partial<Record<ContactFormField, string>>; formErrors: string[] };

function isField(path: string): path is ContactFormField {
  return (clearable as readonly string[]).includes(path) || ['email', 'lifecycleStage', 'ownerId'].includes(path);
}

/** Field errors (form paths, from zod or the API's problem+json) on their inputs; the rest for the form. */
export function placeContactErrors(errors: { path: string; message: string }[]): ContactValidation & { ok: false } {
  const fieldErrors: Partial<Record<ContactFormField, string>> = {};
  const formErrors: string[] = [];
  for (const { path, message } of errors) {
    const head = path.split('.')[0] ?? '';
    if (isField(head)) fieldErrors[head] ??= message;
    else formErrors.push(path ? `${path}: ${message}` : message);
  }
  return { ok: false, fieldErrors, formErrors };
}

/** The patch checked with the API's own schema (shared/contacts/contact.schema.ts). */
export function validateContactEdit(before: EditableContact, values: ContactFormValues): ContactValidation {
  const patch = contactPatchOf(before, values);
  // An internationalised email domain is checked here too: the browser build has node:url's IDNA (vite.config.ts).
  const parsed = UpdateContactRequest.safeParse(patch);
  if (parsed.success) return { ok: true, patch: parsed.data };
  return placeContactErrors(
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
