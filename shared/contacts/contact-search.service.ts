import type { ContactRepository } from './contact.repository.ts';
import type { ContactSearchResult, SearchContactsQuery } from './contact.schema.ts';
import { looksLikeEmail, searchText } from './contact-search.rules.ts';
import { normaliseEmail } from './email.ts';

/**
 * The quick find. A query with an @ finds the one contact with that normalised email (an internationalised
 * domain in Unicode or punycode is one address); any other query finds up to `limit` contacts whose first
 * name, last name or full name starts with it, best match first. Index reads only, never a Scan.
 * Everyone who may list contacts may search them (GET /contacts has no per-role filter either).
 */
export async function searchContacts(
  { contacts }: { contacts: ContactRepository },
  query: SearchContactsQuery,
): Promise<ContactSearchResult> {
  if (looksLikeEmail(query.q)) {
    const contact = await contacts.findByEmail(normaliseEmail(query.q));
    return { matchedBy: 'email', items: contact ? [contact] : [] };
  }
  return { matchedBy: 'name', items: await contacts.findByNameStart(searchText(query.q), query.limit) };
}

/**
 * The rebuild's part for the quick find: writes the name entries of contacts stored before it existed
 * (with `apply`; otherwise only counts them). Reads every contact once, page by page through the index of
 * all contacts: an offline command, like the rest of `npm run report -- rebuild`.
 */
export async function rebuildNameIndex(
  { contacts }: { contacts: ContactRepository },
  options: { apply: boolean },
): Promise<{ contacts: number; missingEntries: number; skipped: number }> {
  const total = { contacts: 0, missingEntries: 0, skipped: 0 };
  let cursor: string | undefined;
  do {
    const page = await contacts.listAll(100, cursor);
    const { missing, skipped } = await contacts.repairNameEntries(page.items, options.apply);
    total.contacts += page.items.length;
    total.missingEntries += missing;
    total.skipped += skipped;
    cursor = page.nextCursor;
  } while (cursor);
  return total;
}
