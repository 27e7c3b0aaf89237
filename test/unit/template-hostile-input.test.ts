import { describe, expect, it } from 'vitest';
import { renderEmail, sampleTemplateContext, type TemplateContext } from '#shared/campaigns/templates.ts';
import { CreateContactRequest } from '#shared/contacts/contact.schema.ts';
import { leadAssignedEmail } from '#shared/leads/lead-emails.ts';
import { aContact } from '../support/builders.ts';
import { hostileStrings } from '../support/zod-arbitrary.ts';

// Written out here rather than imported, so a change to the escaping in the code is caught.
const escaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
const numericEscaped = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const template = {
  subject: 'Hi {{ contact.firstName }}',
  html: '<p>Hello {{ contact.firstName }} at {{ contact.companyName }}</p><p>{{ contact.customFields.note }}</p>',
  text: 'Hello {{ contact.firstName }} at {{ contact.companyName }}\n{{ contact.customFields.note }}',
};
const contactWith = (value: string): TemplateContext => ({
  ...sampleTemplateContext,
  contact: { ...sampleTemplateContext.contact, firstName: value, companyName: value, customFields: { note: value } },
});

describe('campaign templates (strict Liquid) with every BLNS string in contact fields', () => {
  it('are tried with Liquid among the hostile strings (BLNS has none)', () => {
    expect(hostileStrings.filter((value) => value.includes('{{') || value.includes('{%')).length).toBeGreaterThan(5);
  });

  it.each(hostileStrings.map((value) => [JSON.stringify(value).slice(0, 60), value] as const))(
    '%s: rendered as data, escaped in HTML, verbatim in text',
    (_, value) => {
      const email = renderEmail(template, contactWith(value));
      // A value is never parsed as Liquid ({{ 7*7 }}, {% include %} stay as typed) nor as markup in HTML.
      expect(email.text).toBe(`Hello ${value} at ${value}\n${value}`);
      expect(email.subject).toBe(`Hi ${value}`.trim());
      expect(email.html).toBe(`<p>Hello ${escaped(value)} at ${escaped(value)}</p><p>${escaped(value)}</p>`);
      expect(email.html).not.toMatch(/<(script|img|svg|iframe|a )/i);
    },
  );
});

describe('lead notices with every BLNS string in contact fields', () => {
  it('escape every value in HTML and carry it in text', () => {
    // What a contact can hold: names as the create schema accepts them (trimmed, 1-100 characters).
    for (const value of new Set(
      hostileStrings.flatMap((typed) => CreateContactRequest.shape.firstName.safeParse(typed).data ?? []),
    )) {
      const contact = aContact({ firstName: value, companyName: value });
      const email = leadAssignedEmail(
        contact,
        { name: 'Ada', email: 'ada@relay.example' },
        { contactUrl: 'https://relay.example/contacts/1' },
      );
      expect(email.text).toContain(`${value} <${contact.email}> at ${value}`);
      expect(email.html).toContain(numericEscaped(`${value} <${contact.email}> at ${value}`));
      expect(email.html).not.toMatch(/<(script|img|svg|iframe|a )/i);
    }
  });
});
