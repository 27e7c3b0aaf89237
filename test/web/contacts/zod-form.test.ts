import { domainToASCII as nodeToASCII, domainToUnicode as nodeToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { domainToASCII, domainToUnicode } from '../../../web/src/lib/node-url-browser.ts';
import { withoutBlanks, zodFieldErrors } from '../../../web/src/lib/zod-form.ts';

describe('checking a form with the API request schema', () => {
  it('drops the fields left blank, as absent', () => {
    expect(withoutBlanks({ email: 'a@example.com', firstName: '  ', lastName: '', ownerId: '' })).toEqual({
      email: 'a@example.com',
    });
  });

  it("puts the schema's messages on their fields, keyed as the API's JSON Pointers are", () => {
    const errors = zodFieldErrors(CreateContactRequest, withoutBlanks({ email: 'not-an-email', country: 'Iran' }));
    expect(Object.keys(errors).sort()).toEqual(['country', 'email']);
    expect(errors.email).toMatch(/name@example\.com/);
    expect(zodFieldErrors(CreateContactRequest, { email: 'zahra@example.ir', firstName: 'زهرا' })).toEqual({});
  });
});

describe("node:url's IDNA functions in the browser", () => {
  const domains = [
    'example.com',
    'Example.COM',
    'شرکت.ایران',
    'xn--mgba3gch31f.xn--mgba3a4f16a',
    'bücher.de',
    'a b.com',
    '',
  ];
  it('answer as Node does, so shared/ checks emails and domains alike in both', () => {
    for (const domain of domains) {
      expect(domainToASCII(domain), domain).toBe(nodeToASCII(domain));
      expect(domainToUnicode(domain), domain).toBe(nodeToUnicode(domain));
    }
  });
});
