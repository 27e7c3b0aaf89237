import * as z from 'zod';

/**
 * Numbers as people type them: digits of any script Relay's users write (ASCII, Persian ۰–۹,
 * Arabic-Indic ٠–٩), the Arabic decimal separator `٫` and thousands separator `٬`. This is the one
 * place a string becomes a number; schemas use it through `numberInput`.
 */

/** Persian (Extended Arabic-Indic, U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits. */
const nonAsciiDigit = /[\u06F0-\u06F9\u0660-\u0669]/g;

/** Bidi marks a right-to-left editor puts around numbers (LRM, RLM, ALM, LRE..PDF, LRI..PDI). */
const bidiMarks = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** The same text with Persian and Arabic-Indic digits as ASCII digits; nothing else changes. */
export function toAsciiDigits(text: string): string {
  return text.replace(nonAsciiDigit, (digit) => String(digit.charCodeAt(0) & 0xf));
}

/** What a number may look like once its digits are ASCII: sign, digits, one decimal point, exponent. */
const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a person typed, or undefined when the text is not one. Accepts digits of any script
 * above, `٫` or `.` as the decimal point, and `٬`, spaces or `_` between digit groups; a minus may
 * be `-` or `−`. An ASCII comma is not accepted, since it is a decimal point in half the world.
 */
export function parseNumberText(text: string): number | undefined {
  const plain = toAsciiDigits(text.replace(bidiMarks, ''))
    .trim()
    .replace(/\u066B/g, '.')
    .replace(/(?<=\d)[\u066C\s_\u00A0\u202F](?=\d)/g, '')
    .replace(/^\u2212/, '-');
  if (!plainNumber.test(plain)) return undefined;
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}

/** How the accepted format is described in errors. */
export const numberFormatHint = 'a number such as 1200.5, ۱۲۰۰٫۵ or ١٢٠٠٫٥';

/**
 * `schema` (a number schema), also accepting the number as text in any of the forms parseNumberText
 * reads (query parameters, form fields, CSV cells, or JSON strings). JSON numbers are unchanged.
 */
export function numberInput<T extends z.ZodType<number>>(schema: T) {
  return z.preprocess((value, context) => {
    if (typeof value !== 'string') return value;
    const number = parseNumberText(value);
    if (number !== undefined) return number;
    context.addIssue({ code: 'custom', message: `must be ${numberFormatHint}`, input: value });
    return z.NEVER;
  }, schema);
}
