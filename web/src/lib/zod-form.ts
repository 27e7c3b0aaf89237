import { useState } from 'react';
import type * as z from 'zod';

/** The fields a person filled in: an empty or blank text field means "not given", as the API reads an absent field. */
export function withoutBlanks<T extends Record<string, unknown>>(values: T): Partial<T> {
  const filled: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    if (value === undefined || value === null) continue;
    filled[name] = value;
  }
  return filled as Partial<T>;
}

/**
 * What the API's own request schema says about `values`, one message per field keyed by form path
 * (`address.city`), the same keys `ProblemError.fieldErrors()` gives for the API's answer. Empty when valid.
 */
export function zodFieldErrors(schema: z.ZodType, values: unknown): Record<string, string> {
  const result = schema.safeParse(values);
  return result.success ? {} : fieldErrorsOf(result.error.issues);
}

/** A zod error's issues as form-path keyed messages, the first message per field. */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (!Object.hasOwn(byField, path)) byField[path] = issue.message;
  }
  return byField;
}

/** A small form: text values by field name and an error per field (from the schema, then from the API). */
export function useFieldsForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (name: keyof T & string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    // A field's error stays until it is changed.
    setErrors((current) => {
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  };
  return {
    values,
    errors,
    setErrors,
    reset: () => {
      setValues(initial);
      setErrors({});
    },
    set,
    /** Props for a Mantine text input bound to `name`. */
    text: (name: keyof T & string) => ({
      value: values[name],
      onChange: (event: { currentTarget: { value: string } }) => set(name, event.currentTarget.value),
      error: errors[name],
    }),
  };
}
