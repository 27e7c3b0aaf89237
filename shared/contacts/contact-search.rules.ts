import { toAsciiDigits } from '../common/numbers.ts';

/**
 * The quick find's matching rules, applied the same way to the names it indexes and to what people
 * type, so the two always meet. Pure: the browser can run them too (to check a query before sending).
 */

/** The fewest letters or digits a name query must have once normalised (one letter would match a tenth of the book). */
export const minNameQueryLength = 2;
/** Names are matched on their first 64 characters (normalised); a longer query is cut to the same length. */
export const maxSearchTextLength = 64;
/** Index entries one contact gets at most: a whole transaction of writes must stay well under DynamoDB's 100 items. */
export const maxNameEntriesPerContact = 8;

// Letters that Persian and Arabic keyboards type differently for the same name: Arabic yeh (ي) and alef
// maksura (ى) are Persian yeh (ی); Arabic kaf (ك) and swash kaf (ڪ) are Persian keheh (ک); teh marbuta (ة),
// heh goal (ہ) and ae (ە, what heh with yeh above decomposes to) are heh (ه).
const sameLetter = new Map([
  ['\u064A', '\u06CC'],
  ['\u0649', '\u06CC'],
  ['\u0643', '\u06A9'],
  ['\u06AA', '\u06A9'],
  ['\u0629', '\u0647'],
  ['\u06C1', '\u0647'],
  ['\u06D5', '\u0647'],
]);
const unifiedLetters = new RegExp(`[${[...sameLetter.keys()].join('')}]`, 'gu');
// Invisible joiners and controls a name may carry: ZWNJ, ZWJ, word joiner, bidi marks, soft hyphen, BOM;
// and the Arabic tatweel (ـ), which only stretches a word.
const invisible = /[\u200B-\u200F\u2060\u061C\u202A-\u202E\u2066-\u2069\u00AD\uFEFF\u0640]/gu;
// Apostrophes join (O'Brien is obrien); anything else that is no letter or digit separates words.
const apostrophes = /['\u2018\u2019\u02BC\u02BB\u0060\u00B4]/gu;

/**
 * The form a name or a query is matched in: Unicode NFKC, case folded (ß is ss, final sigma is sigma),
 * diacritics and Arabic harakat removed (é is e, أ and آ are ا, مُحَمَّد is محمد), Persian and Arabic
 * letter variants unified (see above), ZWNJ and tatweel removed, Persian and Arabic-Indic digits as ASCII,
 * apostrophes dropped, any other punctuation a space, spaces collapsed; at most `maxSearchTextLength` characters.
 */
export function searchText(text: string): string {
  // Upper then lower case is a full case fold for names (ß is SS is ss); σ even where a word ends, because
  // toLowerCase writes ς there, and a query ends where a name goes on.
  // ẞ (capital sharp s) upper-cases to itself and lower-cases to ß, which the next fold would make ss: fold it now.
  const folded = text
    .normalize('NFKC')
    .replace(invisible, '')
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/gu, 'σ')
    .replace(/ß/gu, 'ss');
  const bare = folded.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  const words = toAsciiDigits(bare.replace(unifiedLetters, (letter) => sameLetter.get(letter) ?? letter))
    .replace(apostrophes, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return Array.from(words).slice(0, maxSearchTextLength).join('').trimEnd();
}

/**
 * The entries under which a contact is found by name, each matched by its start: the full name
 * ("first last") and every later word of it (so the last name, and any word of a compound name, is a
 * start too), and "last first" for people who type the family name first. Distinct, at most
 * `maxNameEntriesPerContact`, whole names before single words; none for a contact without a name.
 */
export function nameSearchEntries(contact: {
  firstName?: string | undefined;
  lastName?: string | undefined;
}): string[] {
  const first = searchText(contact.firstName ?? '');
  const last = searchText(contact.lastName ?? '');
  const full = [first, last].filter(Boolean).join(' ');
  const words = full.split(' ').filter(Boolean);
  const entries = [
    searchText(full),
    ...(first && last ? [searchText(`${last} ${first}`), last] : []),
    ...words.slice(1).map((_, index) => searchText(words.slice(index + 1).join(' '))),
  ].filter((entry) => entry.length > 0);
  return [...new Set(entries)].slice(0, maxNameEntriesPerContact);
}

/** Whether a query is read as an email (it has an @) rather than the start of a name. */
export const looksLikeEmail = (query: string) => query.includes('@');

/** Why `query` cannot be searched by name, or undefined when it can. */
export function nameQueryProblem(query: string): string | undefined {
  const normalised = searchText(query);
  return Array.from(normalised).length >= minNameQueryLength
    ? undefined
    : `must be an email, or at least ${minNameQueryLength} letters or digits of a name (punctuation and spaces do not count)`;
}
