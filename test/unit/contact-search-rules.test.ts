import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxNameEntriesPerContact,
  maxSearchTextLength,
  nameQueryProblem,
  nameSearchEntries,
  searchText,
} from '#shared/contacts/contact-search.rules.ts';
import { SearchContactsQuery } from '#shared/contacts/contact.schema.ts';
import { contactKeys } from '#shared/db/keys.ts';

/** Whether the quick find finds a contact with these names for what was typed. */
const finds = (names: { firstName?: string; lastName?: string }, typed: string) =>
  nameSearchEntries(names).some((entry) => entry.startsWith(searchText(typed)));

describe('searchText (the one normalisation of names and queries)', () => {
  it('folds case, including ß and a Greek final sigma', () => {
    expect(searchText('  ADA   Lovelace ')).toBe('ada lovelace');
    expect(searchText('Straße')).toBe('strasse');
    expect(searchText('ΟΔΥΣΣΕΑΣ')).toBe(searchText('οδυσσεας'));
    expect(searchText('Οδυσ')).toBe('οδυσ');
  });

  it('applies NFKC and strips diacritics, in composed or decomposed form', () => {
    expect(searchText('Zoë Brontë')).toBe('zoe bronte');
    expect(searchText('Zoe\u0308')).toBe('zoe');
    expect(searchText('Ｊｏｓé')).toBe('jose');
    expect(searchText('Łukasz')).toBe('łukasz');
  });

  it('strips Arabic harakat and unifies the Arabic and Persian forms of yeh, kaf and heh', () => {
    expect(searchText('مُحَمَّد')).toBe('محمد');
    expect(searchText('علي')).toBe(searchText('علی'));
    expect(searchText('مصطفى')).toBe(searchText('مصطفی'));
    expect(searchText('كريم')).toBe(searchText('کریم'));
    expect(searchText('فاطمة')).toBe(searchText('فاطمه'));
    expect(searchText('أحمد')).toBe(searchText('احمد'));
    expect(searchText('آرش')).toBe(searchText('ارش'));
  });

  it('removes ZWNJ, tatweel and bidi marks, and keeps words apart by one space', () => {
    expect(searchText('نیک\u200Cنام')).toBe('نیکنام');
    expect(searchText('محـــمد')).toBe('محمد');
    expect(searchText('\u200Fعلی\u200E   رضایی')).toBe('علی رضایی');
  });

  it('drops apostrophes, turns other punctuation into spaces, and reads Persian and Arabic-Indic digits', () => {
    expect(searchText("O'Brien")).toBe('obrien');
    expect(searchText('O’Brien')).toBe('obrien');
    expect(searchText('Jean-Luc  Picard')).toBe('jean luc picard');
    expect(searchText('Room ۱۲ / ٣٤')).toBe('room 12 34');
  });

  it('keeps at most the first 64 characters', () => {
    expect(Array.from(searchText('a'.repeat(200)))).toHaveLength(maxSearchTextLength);
  });

  it('is idempotent on any text', () => {
    // Found by a run of the property: the capital sharp s lower-cased to ß, which a second pass made ss.
    expect(searchText('STRAẞE')).toBe('strasse');
    expect(searchText(searchText('ẞ'))).toBe(searchText('ẞ'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(searchText(searchText(text))).toBe(searchText(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('nameSearchEntries (what a contact is found under)', () => {
  it('is found by the start of its first name, its last name, its full name, or last name first', () => {
    const ada = { firstName: 'Ada', lastName: 'Lovelace' };
    for (const typed of ['ad', 'ADA', 'ada l', 'Ada Lovelace', 'love', 'LOVELACE a', 'lovelace, ada'])
      expect(finds(ada, typed), typed).toBe(true);
    for (const typed of ['da', 'ovelace', 'ada x', 'lovelace b']) expect(finds(ada, typed), typed).toBe(false);
  });

  it('finds each word of a compound name, and a Persian name typed with Arabic letters', () => {
    const reza = { firstName: 'محمد‌رضا', lastName: 'حسینی نژاد' };
    expect(finds(reza, 'محمدرضا')).toBe(true);
    expect(finds(reza, 'حسيني')).toBe(true);
    expect(finds(reza, 'نژاد')).toBe(true);
    expect(finds({ firstName: 'یاسمین', lastName: 'کاظمی' }, 'ياسمين كاظمي')).toBe(true);
  });

  it('gives a contact without a name no entries, and never more than 8', () => {
    expect(nameSearchEntries({})).toEqual([]);
    expect(nameSearchEntries({ firstName: ' - ' })).toEqual([]);
    const many = nameSearchEntries({ firstName: 'a b c d e f g h i j k', lastName: 'l m n' });
    expect(many.length).toBe(maxNameEntriesPerContact);
    expect(many[0]).toBe('a b c d e f g h i j k l m n');
  });

  it('finds a contact by every start of its full name that a person can type', () => {
    const letter = fc.constantFrom(...'aAéßözΣσكيیکةهأآ'.split(''), 'e\u0301', '\u200C', '\u0640', ' ', '-', "'");
    const name = fc.array(letter, { minLength: 1, maxLength: 12 }).map((letters) => letters.join(''));
    fc.assert(
      fc.property(name, name, fc.nat(), (firstName, lastName, cut) => {
        const typed = Array.from(`${firstName} ${lastName}`);
        const prefix = typed.slice(0, cut % (typed.length + 1)).join('');
        if (nameQueryProblem(prefix)) return;
        expect(finds({ firstName, lastName }, prefix)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keys every entry in the partition a query for its start reads', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 2, maxLength: 30 }), fc.nat(), (name, cut) => {
        for (const entry of nameSearchEntries({ firstName: name })) {
          const typed = Array.from(entry)
            .slice(0, 2 + (cut % Math.max(1, Array.from(entry).length - 1)))
            .join('');
          const { pk, skPrefix } = contactKeys.nameEntriesStartingWith(typed);
          const key = contactKeys.nameEntry(entry, '01JNP0000000000000000000AA');
          expect(key.pk).toBe(pk);
          expect(key.sk.startsWith(skPrefix)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('SearchContactsQuery', () => {
  const problemOf = (query: Record<string, string>) => {
    const parsed = SearchContactsQuery.safeParse(query);
    return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
  };

  it('takes an email, or at least 2 letters of a name, and a limit from 1 to 50 (default 10)', () => {
    expect(SearchContactsQuery.parse({ q: 'ad' })).toEqual({ q: 'ad', limit: 10 });
    expect(SearchContactsQuery.parse({ q: 'info@شرکت.ایران', limit: '۵۰' }).limit).toBe(50);
    expect(problemOf({ q: 'a' })).toMatch(/at least 2 letters or digits/);
    expect(problemOf({ q: " ' - " })).toMatch(/at least 2 letters or digits/);
    expect(problemOf({})).toMatch(/required/);
    expect(problemOf({ q: 'ada@' })).toMatch(/read as an email/);
    expect(problemOf({ q: 'ada', limit: '51' })).toMatch(/from 1 to 50/);
    expect(problemOf({ q: 'ada', other: 'x' })).toBeDefined();
  });
});
