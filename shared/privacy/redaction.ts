/**
 * Anything shaped like an email address, in any script: a run with no space or delimiter, an `@`
 * (or its URL encoding `%40`), and another such run. Broad on purpose: an error message loses
 * a little detail rather than keep a person's address.
 */
const emailShaped = /[^\s@<>()[\]{}",;:\\]+(?:@|%40)[^\s@<>()[\]{}"',;:\\]+/gu;

export const redactedEmail = '<email redacted>';

/** `text` with every email-shaped run replaced by a placeholder: for any error message that is logged or stored. */
export function redactEmailAddresses(text: string): string {
  return text.replace(emailShaped, redactedEmail);
}

/** A phone-like run of digits (with the spaces, dots, dashes and brackets people put in them), in ASCII digits. */
const phoneShaped = /\+?\d[\d\s().-]{6,}\d/gu;

export const redactedPhone = '<phone redacted>';

/** `text` without email addresses or phone numbers: for error messages that quote what a person submitted. */
export function redactPersonalData(text: string): string {
  return redactEmailAddresses(text).replace(phoneShaped, redactedPhone);
}

/**
 * The same error, its message and stack redacted in place, so its class, name and metadata (what
 * Retry and Catch match, what the SDK's callers test) stay as they were. Anything else is returned as is.
 */
export function withoutEmailAddresses<E>(error: E): E {
  if (error instanceof Error) {
    error.message = redactEmailAddresses(error.message);
    if (error.stack) error.stack = redactEmailAddresses(error.stack);
  }
  return error;
}
