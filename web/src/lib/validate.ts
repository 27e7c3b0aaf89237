import type * as z from 'zod';
import { fieldErrorsOf } from './zod-form';

/** Field errors keyed by form path (`territoryRules.0.teamId`), as ProblemError.fieldErrors() keys them. */
export type FieldErrors = Record<string, string>;

/** Checks a request with the API's own zod schema before sending it; the first message per field. */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  request: unknown,
): { ok: true; data: z.output<Schema> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(request);
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** The error of a field or of anything inside it (`territories.2` shows on `territories`). */
export function errorOf(errors: FieldErrors, field: string): string | undefined {
  if (Object.hasOwn(errors, field)) return errors[field];
  const inner = Object.keys(errors).find((path) => path.startsWith(`${field}.`));
  return inner === undefined ? undefined : errors[inner];
}

/** "GB, de ,SG" → ["GB", "DE", "SG"]: territories are typed as a list. */
export const listOf = (text: string) =>
  text
    .split(/[,،\s]+/)
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean);

/**
 * The errors to show: all of them once the person tried to save, before that all but those of the fields
 * they have not filled in yet (a new form does not open in red), as `untilAttempt` names them.
 */
export function shownErrors(errors: FieldErrors, attempted: boolean, untilAttempt: readonly string[]): FieldErrors {
  if (attempted) return errors;
  return Object.fromEntries(
    Object.entries(errors).filter(
      ([path]) => !untilAttempt.some((field) => path === field || path.startsWith(`${field}.`)),
    ),
  );
}
