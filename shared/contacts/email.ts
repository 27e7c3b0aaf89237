import { domainToASCII } from 'node:url';

/**
 * The key under which a contact's email is unique.
 * Rule: trim, Unicode NFC, lower-case the whole address, IDN domain to its ASCII (punycode) form.
 * Lower-casing the local part is what every major mailbox provider and CRM does in practice;
 * we do not strip dots or "+tags", because for most domains those are distinct mailboxes.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().normalize('NFC').toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  const domain = trimmed.slice(at + 1);
  const asciiDomain = domainToASCII(domain) || domain;
  return `${trimmed.slice(0, at)}@${asciiDomain}`;
}
