import { CreateActivityRequest } from '#shared/activities/activity.schema.ts';

/** What a rep logs by hand from the record. */
export const loggableTypes = ['note', 'call', 'meeting', 'task'] as const;
export type LoggableType = (typeof loggableTypes)[number];

/** The inline form's fields, as the inputs hold them (text). */
export interface ActivityFormValues {
  type: LoggableType;
  subject: string;
  body: string;
  /** Calls: who called whom; empty for none. */
  direction: '' | 'inbound' | 'outbound';
  /** Calls and meetings: how long, in minutes (the API stores seconds). */
  durationMinutes: string;
  /** Tasks: when it is due, as a `datetime-local` input holds it (the reader's local time). */
  dueAt: string;
}

export type ActivityFormField = keyof ActivityFormValues;

export function emptyActivityForm(type: LoggableType = 'note'): ActivityFormValues {
  return { type, subject: '', body: '', direction: '', durationMinutes: '', dueAt: '' };
}

/** A `datetime-local` value (local wall time) as an ISO instant; text that is no time stays as typed for the schema to refuse. */
function instantOf(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

/** Digits of any script (۱۵, ١٥) as a number, or NaN. */
function minutesOf(text: string): number {
  const ascii = text
    .trim()
    .replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));
  return /^\d+(\.\d+)?$/.test(ascii) ? Number(ascii) : Number.NaN;
}

/** The request the form stands for: only the fields its type has, empty inputs left out. */
export function activityRequestOf(values: ActivityFormValues, contactId: string): Record<string, unknown> {
  const request: Record<string, unknown> = { type: values.type, contactId };
  if (values.subject.trim()) request.subject = values.subject;
  if (values.body.trim()) request.body = values.body;
  if (values.type === 'call' && values.direction) request.direction = values.direction;
  if ((values.type === 'call' || values.type === 'meeting') && values.durationMinutes.trim()) {
    const minutes = minutesOf(values.durationMinutes);
    // Not a number stays as typed, so the API's schema names the field; a number becomes whole seconds.
    request.durationSeconds = Number.isNaN(minutes) ? values.durationMinutes : Math.round(minutes * 60);
  }
  if (values.type === 'task' && values.dueAt) request.dueAt = instantOf(values.dueAt);
  return request;
}

/** Which input a request field (a zod path or the API's JSON Pointer turned into a form path) belongs to. */
export function formFieldOf(path: string): ActivityFormField | undefined {
  const [head] = path.split('.');
  switch (head) {
    case 'type':
    case 'subject':
    case 'body':
    case 'direction':
    case 'dueAt':
      return head;
    case 'durationSeconds':
      return 'durationMinutes';
    default:
      return undefined;
  }
}

export type ActivityValidation =
  | { ok: true; request: CreateActivityRequest }
  | { ok: false; fieldErrors: Partial<Record<ActivityFormField, string>>; formErrors: string[] };

/**
 * The form checked with the API's own schema (shared/activities/activity.schema.ts), its issues put on
 * the inputs they concern; an issue no input owns (the contact itself) is the form's.
 */
export function validateActivity(values: ActivityFormValues, contactId: string): ActivityValidation {
  const parsed = CreateActivityRequest.safeParse(activityRequestOf(values, contactId));
  if (parsed.success) return { ok: true, request: parsed.data };
  return placeErrors(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

/** Field errors (form paths, from zod or from the API's problem+json) on the inputs, the rest for the form. */
export function placeErrors(errors: { path: string; message: string }[]): ActivityValidation & { ok: false } {
  const fieldErrors: Partial<Record<ActivityFormField, string>> = {};
  const formErrors: string[] = [];
  for (const { path, message } of errors) {
    const field = formFieldOf(path);
    if (field) fieldErrors[field] ??= message;
    else formErrors.push(path ? `${path}: ${message}` : message);
  }
  return { ok: false, fieldErrors, formErrors };
}
