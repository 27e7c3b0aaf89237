import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Email addresses, internationalised domains included. Three forms of one address:
 * - mailable (`mailableEmail`): what is stored as `email` and sent to; the domain in ASCII
 *   (punycode), since SES takes only ASCII addresses; an ASCII address is kept exactly as typed;
 * - normalised (`normaliseEmail`): the key under which it is unique and matched everywhere;
 * - display (`displayEmail`): the domain in Unicode, for people.
 */

/** How the accepted format is described in errors. */
export const emailFormatHint = 'an address such as name@example.com or info@شرکت.ایران';

/** Why an address whose local part is not ASCII is refused. */
export const nonAsciiLocalPartMessage =
  "the part before the @ must be ASCII (a-z, 0-9 and . _ ' + -): Relay sends through Amazon SES, which cannot deliver to internationalised mailboxes (SMTPUTF8); the domain may be internationalised, as in info@شرکت.ایران";

export type EmailParse = { ok: true; email: string } | { ok: false; message: string };

// The local part as zod's z.email() accepted it (so no ASCII address that passed before is refused now).
const localPartPattern = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]$/;
// The domain as z.email() accepted it, plus a top-level label that is an A-label (xn--...).
const asciiDomainPattern = /^(?:[a-z0-9][a-z0-9-]*\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;

/**
 * Checks an address and returns its mailable form. A domain may be written in Unicode or punycode;
 * the part before the @ must be ASCII, because Relay sends through Amazon SES, which does not
 * support internationalised mailboxes (SMTPUTF8).
 */
export function parseEmail(typed: string): EmailParse {
  const email = typed.trim().normalize('NFC');
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return { ok: false, message: `must be ${emailFormatHint}` };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!isAscii(local)) return { ok: false, message: nonAsciiLocalPartMessage };
  const ascii = isAscii(domain) ? domain : domainToASCII(domain);
  if (!localPartPattern.test(local) || !asciiDomainPattern.test(ascii.toLowerCase()) || !validPunycode(ascii)) {
    return { ok: false, message: `must be ${emailFormatHint}` };
  }
  const mailable = `${local}@${ascii}`;
  if (mailable.length > 254)
    return { ok: false, message: 'must be at most 254 characters (with the domain in punycode)' };
  return { ok: true, email: mailable };
}

/** The address to send to: the domain in ASCII (punycode); anything else as given. */
export function mailableEmail(email: string): string {
  const parsed = parseEmail(email);
  return parsed.ok ? parsed.email : email.trim();
}

/**
 * The key under which a contact's email is unique.
 * Rule: trim, Unicode NFC, lower-case the whole address, IDN domain to its ASCII (punycode) form,
 * so `info@شرکت.ایران` and `info@xn--pgbni38b.xn--mgba3a4f16a` are one address.
 * Lower-casing the local part is what every major mailbox provider and CRM does in practice;
 * we do not strip dots or "+tags", because for most domains those are distinct mailboxes.
 * Stored markers and suppression hashes depend on this: an ASCII address must keep its form.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().normalize('NFC').toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  const domain = trimmed.slice(at + 1);
  const asciiDomain = domainToASCII(domain) || domain;
  return `${trimmed.slice(0, at)}@${asciiDomain}`;
}

/** The address for people to read: an internationalised domain in Unicode; undefined when that is the address itself. */
export function displayEmail(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  if (at < 0 || !/(^|\.)xn--/i.test(domain)) return undefined;
  const unicode = domainToUnicode(domain.toLowerCase());
  return unicode && unicode !== domain ? `${email.slice(0, at)}@${unicode}` : undefined;
}

const isAscii = (text: string) => /^[\p{ASCII}]*$/u.test(text);

/** Every A-label (xn--) decodes: `xn--zz` is ASCII but no domain. */
const validPunycode = (domain: string) =>
  !/(^|\.)xn--/i.test(domain) || (domainToASCII(domain.toLowerCase()) !== '' && domainToUnicode(domain) !== '');
