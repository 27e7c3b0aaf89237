import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '#shared/contacts/email.ts';

describe('normaliseEmail', () => {
  it('trims and lower-cases the whole address', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM \n')).toBe('ada.lovelace@example.com');
  });

  it('keeps dots and +tags, which are distinct mailboxes on most domains', () => {
    expect(normaliseEmail('a.b+news@example.com')).toBe('a.b+news@example.com');
  });

  it('turns an internationalised domain into its ASCII form, so both spellings collide', () => {
    expect(normaliseEmail('info@Bücher.example')).toBe(normaliseEmail('info@xn--bcher-kva.example'));
  });

  it('unifies composed and decomposed Unicode in the local part', () => {
    expect(normaliseEmail('jose\u0301@example.com')).toBe(normaliseEmail('josé@example.com'));
  });
});
