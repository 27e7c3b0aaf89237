// The `min` metadata build on purpose: it parses and formats every country's numbers and checks
// their lengths (about 80 kB, against 145 kB for `max`, and every Lambda bundle carries it). `max`
// adds exact per-range digit patterns and number types (mobile, fixed line), which Relay does not use.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { toAsciiDigits } from './numbers.ts';

/** How the accepted format is described in errors. */
export const phoneFormatHint = 'an international number such as +98 912 345 6789, or a national number with country';

/**
 * What a phone may be written with: at least five digits (of any script), spaces, dashes, dots,
 * slashes and parentheses, a `+` first. The field's own check; parsePhone decides the rest.
 */
export const phoneCharacters =
  /^(?=(?:[^0-9\u0660-\u0669\u06F0-\u06F9]*[0-9\u0660-\u0669\u06F0-\u06F9]){5})\(?\+?[0-9\u0660-\u0669\u06F0-\u06F9 ().\-/\u00A0]+$/;

export type PhoneParse =
  | { ok: true; e164: string }
  /** `needs-country`: a national number and no country to read it in. */
  | { ok: false; reason: 'needs-country' | 'invalid' };

/**
 * A phone number as typed (digits of any script, spaces, dashes, dots, parentheses; `+` or `00`
 * before the country code) in E.164, e.g. `+989123456789`. A national number (`0912 345 6789`) is
 * read in `country` (ISO 3166-1 alpha-2) and needs one.
 */
export function parsePhone(typed: string, country?: string): PhoneParse {
  const ascii = toAsciiDigits(typed).trim();
  // Only digits and the usual punctuation: no letters (vanity numbers, "ext.") and no second number.
  if (!/^\(?\+?[0-9 ().\-/\u00A0]*[0-9][0-9 ().\-/\u00A0]*$/.test(ascii)) return { ok: false, reason: 'invalid' };
  const digits = ascii.replace(/[^0-9+]/g, '');
  // `00` is the international prefix the ITU recommends (and most of the world dials); without a
  // country to say otherwise, it means `+`. With a country, libphonenumber applies that country's own.
  const international = digits.startsWith('+') || (!country && digits.startsWith('00'));
  const text = digits.startsWith('00') && !country ? `+${digits.slice(2)}` : digits;
  if (!international && !country) return { ok: false, reason: 'needs-country' };
  const parsed = international
    ? parsePhoneNumberFromString(text)
    : parsePhoneNumberFromString(text, country as CountryCode);
  return parsed?.isValid() ? { ok: true, e164: parsed.number } : { ok: false, reason: 'invalid' };
}

/**
 * A national number written with its country's code (`0912 345 6789` in IR → `+98 912 345 6789`), for
 * a number whose country is known only from where it was typed; undefined when it is not one.
 */
export function withCountryCode(typed: string, country: string): string | undefined {
  const ascii = toAsciiDigits(typed).trim();
  if (ascii.startsWith('+') || !parsePhone(typed, country).ok) return undefined;
  return parsePhoneNumberFromString(ascii, country as CountryCode)?.formatInternational();
}
