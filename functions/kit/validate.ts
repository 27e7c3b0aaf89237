import type * as z from 'zod';
import { ValidationFailed, type FieldError } from '#shared/errors.ts';

/** Validates `value` against `schema`; failures name every offending field as a JSON Pointer. */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'path' | 'query' | 'header' | 'task input',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    pointer: toPointer([...issue.path, ...unrecognizedKey(issue)]),
    message:
      issue.code === 'invalid_key' ? `invalid name: ${issue.issues[0]?.message ?? issue.message}` : issue.message,
  }));
  const summary = errors.map((e) => `${e.pointer || '(root)'}: ${e.message}`).join('; ');
  throw new ValidationFailed(`Invalid ${where}: ${summary}`, errors);
}

function unrecognizedKey(issue: z.core.$ZodIssue): string[] {
  return issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [issue.keys[0] as string] : [];
}

/** The JSON Pointer (RFC 6901) of a path into a request. */
export function toPointer(path: PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
