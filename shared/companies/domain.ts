import { domainToASCII } from 'node:url';

/**
 * The form in which company domains are compared: lower-case ASCII (punycode), no scheme, path,
 * port or leading "www.". Returns undefined when nothing domain-like remains.
 */
export function normaliseDomain(input: string): string | undefined {
  const withoutScheme = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const host =
    withoutScheme
      .split(/[/?#:]/)[0]
      ?.replace(/^www\./, '')
      .replace(/\.$/, '') ?? '';
  const ascii = domainToASCII(host);
  return /^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z0-9-]{2,63}$/.test(ascii) ? ascii : undefined;
}

/** The domain part of an email address, normalised as company domains are. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at < 0 ? undefined : normaliseDomain(email.slice(at + 1));
}
