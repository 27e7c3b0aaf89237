import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

let stack: RunningStack;
// One simulated day per second: the follow-up workflow's 24 h wait takes a second.
beforeAll(async () => void (stack = await startLocalStack(['--seed', '--time-scale', '86400'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const api: RunningStack['api'] = (...args) => stack.api(...args);

const eventsFor = async (contactId: string) => {
  const { json } = await api('GET', '/_local/events', undefined, { as: null });
  return (json.events as { 'detail-type': string; detail: { contactId: string } }[])
    .filter((event) => event.detail.contactId === contactId)
    .map((event) => event['detail-type']);
};

describe('the local CRM over HTTP, as a user drives it', () => {
  it('creates, reads, updates, lists and deletes a contact, publishing an event for each change', async () => {
    const created = await api('POST', '/contacts', {
      email: 'Lin.Chen@Example.com',
      firstName: 'Lin',
      lifecycleStage: 'lead',
      customFields: { plan: 'growth' },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.headers.get('location')).toBe(`/contacts/${id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await api('GET', `/contacts/${id}`);
    expect(read).toMatchObject({
      status: 200,
      json: { email: 'Lin.Chen@Example.com', emailNormalised: 'lin.chen@example.com', version: 1 },
    });

    const updated = await api(
      'PATCH',
      `/contacts/${id}`,
      { jobTitle: 'VP Sales', customFields: { seats: 12 } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(updated).toMatchObject({
      status: 200,
      json: { version: 2, jobTitle: 'VP Sales', customFields: { plan: 'growth', seats: 12 } },
    });
    const stale = await api('PATCH', `/contacts/${id}`, { jobTitle: 'Intern' }, { headers: { 'if-match': '"1"' } });
    expect(stale).toMatchObject({
      status: 412,
      json: { type: 'urn:relay:problem:precondition-failed', currentVersion: 2 },
    });

    const leads = await api('GET', '/contacts?lifecycleStage=lead&limit=100');
    expect(leads.json.items.map((c: { id: string }) => c.id)).toContain(id);

    expect((await api('DELETE', `/contacts/${id}`)).status).toBe(204);
    expect(await api('GET', `/contacts/${id}`)).toMatchObject({
      status: 404,
      json: { status: 404, type: 'urn:relay:problem:not-found' },
    });

    expect(
      await eventually(
        () => eventsFor(id),
        (types) => types.length === 3,
      ),
    ).toEqual(['Contact Created', 'Contact Updated', 'Contact Deleted']);
  });

  it('answers a duplicate email (differing in case and spaces) with 409 problem+json naming the existing contact', async () => {
    const first = await api('POST', '/contacts', { email: 'dup.user@example.com' });
    const second = await api('POST', '/contacts', { email: '  DUP.User@EXAMPLE.com ' });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    expect(second.json).toMatchObject({ type: 'urn:relay:problem:conflict', existingContactId: first.json.id });
  });

  it('answers bad JSON and invalid fields with 400 problem+json naming the field, writing nothing', async () => {
    const before = (await api('GET', '/contacts?limit=100')).json.items.length;
    const malformed = await api('POST', '/contacts', '{"email": "a@example.com",');
    expect(malformed).toMatchObject({ status: 400, json: { type: 'urn:relay:problem:validation-failed' } });
    const invalid = await api('POST', '/contacts', { email: 'not-an-email', country: 'Germany' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/country', '/email']);
    expect(invalid.json.detail).toContain('/email');
    expect((await api('GET', '/contacts?limit=100')).json.items.length).toBe(before);
  });

  it('refuses non-JSON bodies with 415 and unknown routes with 404, both as problem+json', async () => {
    const form = await fetch(`${stack.apiUrl}/contacts`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${stack.tokens.admin}` },
      body: 'email=a@example.com',
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toBe('application/problem+json');
    expect((await api('GET', '/no-such-thing')).status).toBe(404);
  });

  it('serves the seeded demo contacts, newest first, page by page', async () => {
    const ownerAda = demoIds.ada;
    const page1 = await api('GET', `/contacts?ownerId=${ownerAda}&limit=1`);
    const page2 = await api('GET', `/contacts?ownerId=${ownerAda}&limit=1&cursor=${page1.json.nextCursor}`);
    const emails = [...page1.json.items, ...page2.json.items].map((c: { email: string }) => c.email);
    expect(emails).toEqual(['li.wei@example.cn', 'maria.schmidt@example.de']);
    const tampered = await api('GET', `/contacts?limit=1&cursor=${page1.json.nextCursor}`);
    expect(tampered).toMatchObject({ status: 400, json: { errors: [{ pointer: '/cursor' }] } });
  });

  it('runs the follow-up workflow from the Contact Created event: an untouched owned contact gets flagged', async () => {
    const created = await api('POST', '/contacts', {
      email: 'cold.lead@example.com',
      ownerId: '01JDEM00WNER000000000GRACE',
    });
    const flagged = await eventually(
      () => api('GET', `/contacts/${created.json.id}`),
      (response) => (response.json.tags as string[]).includes('needs-follow-up'),
    );
    expect(flagged.json).toMatchObject({ tags: ['needs-follow-up'], version: 2 });
    const { json } = await api('GET', '/_local/executions', undefined, { as: null });
    const execution = json.executions.find(
      (e: { input: { detail: { contactId: string } } }) => e.input.detail.contactId === created.json.id,
    );
    expect(execution).toMatchObject({ workflow: 'contact-follow-up', status: 'SUCCEEDED' });
  });

  it('serves its OpenAPI 3.1 document publicly at /openapi.json', async () => {
    const { status, json } = await api('GET', '/openapi.json', undefined, { as: null });
    expect(status).toBe(200);
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths)).toContain('/contacts/{contactId}');
  });

  it('stops cleanly on SIGTERM, taking DynamoDB Local down with it', async () => {
    const other = await startLocalStack([], {}, { ownDynamoDb: true });
    expect(await other.stop()).toBe(0);
    await expect(fetch(other.dynamoDbEndpoint)).rejects.toThrow();
  }, 120_000);
});

describe('contacts as Persian and Arabic users write them, over HTTP', () => {
  // شرکت.ایران in ASCII, as node's IDNA (UTS #46) writes it.
  const iranDomain = 'شرکت.ایران';
  const iranDomainAscii = 'xn--pgbni38b.xn--mgba3a4f16a';

  it('takes a Persian-digit phone and an IDN email, and reads back what was typed beside the normalised forms', async () => {
    const created = await api('POST', '/contacts', {
      email: `Info@${iranDomain}`,
      phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
      country: 'IR',
    });
    expect(created.status).toBe(201);
    const read = await api('GET', `/contacts/${created.json.id}`);
    expect(read).toMatchObject({
      status: 200,
      json: {
        email: `Info@${iranDomainAscii}`,
        emailNormalised: `info@${iranDomainAscii}`,
        emailDisplay: `Info@${iranDomain}`,
        phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
        phoneE164: '+989123456789',
      },
    });

    // The punycode spelling of the same address is the same contact.
    const again = await api('POST', '/contacts', { email: `info@${iranDomainAscii.toUpperCase()}` });
    expect(again).toMatchObject({
      status: 409,
      json: { type: 'urn:relay:problem:conflict', existingContactId: created.json.id },
    });

    const patched = await api('PATCH', `/contacts/${created.json.id}`, { phone: '+٩٨ ٩١٢ ٣٤٥ ٦٧٨٠' });
    expect(patched).toMatchObject({ status: 200, json: { phone: '+٩٨ ٩١٢ ٣٤٥ ٦٧٨٠', phoneE164: '+989123456780' } });
  });

  it('refuses a non-ASCII local part with a 400 that says why it cannot be mailed', async () => {
    const refused = await api('POST', '/contacts', { email: 'علی@example.com' });
    expect(refused).toMatchObject({ status: 400, json: { errors: [{ pointer: '/email' }] } });
    expect(refused.json.detail).toMatch(/part before the @ must be ASCII.*Amazon SES.*SMTPUTF8/);
  });

  it('refuses a phone it cannot read with a 400 that gives the expected format', async () => {
    const national = await api('POST', '/contacts', { email: 'no.country@example.com', phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' });
    expect(national).toMatchObject({ status: 400, json: { errors: [{ pointer: '/phone' }] } });
    expect(national.json.detail).toContain('+98 912 345 6789, or a national number with country');
    const garbage = await api('POST', '/contacts', { email: 'no.phone@example.com', phone: 'call me' });
    expect(garbage.json.detail).toContain('+98 912 345 6789');
  });

  it('reads a page size in Persian or Arabic-Indic digits, and says the range when it is out of it', async () => {
    const persian = await api('GET', '/contacts?limit=۲');
    expect(persian.status).toBe(200);
    expect(persian.json.items).toHaveLength(2);
    expect((await api('GET', '/contacts?limit=٢')).json.items).toHaveLength(2);
    const tooMany = await api('GET', '/contacts?limit=۵۰۰');
    expect(tooMany).toMatchObject({ status: 400, json: { errors: [{ pointer: '/limit' }] } });
    expect(tooMany.json.detail).toContain('from 1 to 100');
  });

  it('reads the phone of a form lead in the country the visitor chose', async () => {
    const form = await api('POST', '/forms', {
      name: 'Persian contact form',
      fieldMapping: { email: 'email', tel: 'phone', country: 'country' },
      minFillSeconds: 0,
    });
    expect(form.status).toBe(201);
    const submitted = await api(
      'POST',
      `/forms/${form.json.id}/submissions`,
      { email: `sara@${iranDomain}`, tel: '٠٩١٢-٣٤٥-٦٧٨٩', country: 'ir' },
      { as: null },
    );
    expect(submitted.status).toBe(202);
    const contact = await eventually(
      async () =>
        ((await api('GET', '/contacts?limit=100')).json.items as { email: string }[]).find(
          (item) => item.email === `sara@${iranDomainAscii}`,
        ),
      (found) => found !== undefined,
    );
    const unreadable = await api(
      'POST',
      `/forms/${form.json.id}/submissions`,
      { email: 'nader@example.com', tel: '۰۹۱۲ ۳۴۵', country: 'IR' },
      { as: null },
    );
    expect(unreadable).toMatchObject({ status: 400, json: { errors: [{ pointer: '/tel' }] } });
    expect(unreadable.json.detail).toContain('tel (must be an international number such as +98 912 345 6789');
    expect(contact).toMatchObject({
      phone: '٠٩١٢-٣٤٥-٦٧٨٩',
      phoneE164: '+989123456789',
      emailDisplay: `sara@${iranDomain}`,
    });
  });
});
