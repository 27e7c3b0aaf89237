import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInNames } from '#shared/common/own-keys.ts';
import { createContact, getContact, updateContact } from '#shared/contacts/contact.service.ts';
import { CreateContactRequest, UpdateContactRequest } from '#shared/contacts/contact.schema.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { Unauthenticated, ValidationFailed } from '#shared/errors.ts';
import { createForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { submitForm, type FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { receiveWebhookLead } from '#shared/leads/webhook-lead.service.ts';
import { anAdmin } from '../support/builders.ts';
import { formTokenIssued, leadDeps } from '../support/lead-deps.ts';
import { createTestTable } from '../support/test-table.ts';

/** The built-in names a field or source name (a letter first) can be. */
const nameable = builtInNames.filter((name) => /^[a-zA-Z]/.test(name));
const secret = `whsec_${Buffer.from('a secret for built-in name tests').toString('base64')}`;

let table: TableRef;
let deps: FormSubmissionDeps;
beforeAll(async () => {
  table = await createTestTable();
  deps = leadDeps(table);
});

function signed(body: string) {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return {
    rawBody: Buffer.from(body),
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  };
}

describe('names that JavaScript objects already have', () => {
  it('a webhook source named after a built-in is an unknown source (401), not a 500', async () => {
    const delivery = signed(JSON.stringify({ contact: { email: 'built.in.source@example.com' } }));
    for (const sourceId of [...builtInNames, 'tostring', 'valueof'])
      await expect(
        receiveWebhookLead(deps, { partner: [secret] }, { sourceId, ...delivery }),
        sourceId,
      ).rejects.toBeInstanceOf(Unauthenticated);
    // ...and a source that is configured under such a name works.
    const receipt = await receiveWebhookLead(deps, { constructor: [secret] }, { sourceId: 'constructor', ...delivery });
    expect(receipt.response.status).toBe(202);
  });

  it('a webhook lead with a __proto__ key is refused with 400 naming it, before anything is written', async () => {
    const body = '{"contact":{"email":"proto.key@example.com","customFields":{"plan":"a","__proto__":"x"}}}';
    const refusal = receiveWebhookLead(deps, { partner: [secret] }, { sourceId: 'partner', ...signed(body) });
    await expect(refusal).rejects.toBeInstanceOf(ValidationFailed);
    await expect(refusal).rejects.toMatchObject({ errors: [{ pointer: '/contact/customFields/__proto__' }] });
    expect(await deps.contacts.findIdByEmail('proto.key@example.com')).toBeUndefined();
  });

  it('a form whose field mapping, honeypot and consent field are built-in names reads only fields that were sent', async () => {
    const mapping = Object.fromEntries(nameable.map((name) => [name, `custom.${name}`]));
    const form = await createForm(
      deps,
      CreateFormRequest.parse({
        name: 'Built-in names',
        fieldMapping: { email: 'email', ...mapping, toString: 'jobTitle' },
        consent: { text: 'Send me news', version: 'v1', field: 'hasOwnProperty' },
        honeypotField: 'valueOf',
        minFillSeconds: 0,
      }),
    );
    const submit = async (fields: Record<string, string>) =>
      submitForm(deps, {
        formId: form.id,
        fields: { _relay_token: await formTokenIssued(form.id, 30), ...fields },
        ip: '10.9.9.9',
      });
    const bare = await submit({ email: 'bare.built.in@example.com' });
    expect(bare.response.status).toBe(202);
    const bareContact = await getContact(deps, (await deps.contacts.findIdByEmail('bare.built.in@example.com'))!);
    expect(bareContact).toMatchObject({ customFields: {}, consent: { status: 'none' } });
    expect(bareContact.jobTitle).toBeUndefined();

    const full = { ...Object.fromEntries(nameable.map((name) => [name, `${name} value`])), hasOwnProperty: 'yes' };
    const answered = await submit({ email: 'full.built.in@example.com', ...full, valueOf: '' });
    expect(answered.bot).toBeUndefined();
    const fullContact = await getContact(deps, (await deps.contacts.findIdByEmail('full.built.in@example.com'))!);
    expect(fullContact.jobTitle).toBe('toString value');
    expect(fullContact.consent.status).toBe('granted');
    const { valueOf: _blank, toString: _jobTitle, ...filled } = full;
    expect(fullContact.customFields).toEqual(filled);
    expect((await submit({ email: 'bot.built.in@example.com', valueOf: 'https://spam.example' })).bot).toBe('honeypot');
  });

  it('stores custom fields named after built-ins faithfully, patches and removes them key by key', async () => {
    const customFields = Object.fromEntries(nameable.map((name, index) => [name, index % 2 ? name : index + 1]));
    const created = await createContact(
      deps,
      CreateContactRequest.parse({ email: 'custom.built.in@example.com', customFields }),
      anAdmin(),
    );
    expect((await getContact(deps, created.id)).customFields).toEqual(customFields);
    const patched = await updateContact(
      deps,
      created.id,
      UpdateContactRequest.parse({ customFields: { constructor: null, toString: 'changed' } }),
      anAdmin(),
    );
    const { constructor: _removed, ...rest } = customFields;
    expect(patched.customFields).toEqual({ ...rest, toString: 'changed' });
    expect((await getContact(deps, created.id)).customFields).toEqual({ ...rest, toString: 'changed' });
  });
});
