import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ListActivitiesQuery } from '#shared/activities/activity.schema.ts';
import { listActivities } from '#shared/activities/activity.service.ts';
import { normaliseEmail } from '#shared/contacts/email.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { idempotencyKeys } from '#shared/db/keys.ts';
import { Forbidden, TooManyRequests, UnprocessableContent, ValidationFailed } from '#shared/errors.ts';
import { createForm, getForm, updateForm } from '#shared/forms/form.service.ts';
import { CreateFormRequest, UpdateFormRequest, type Form } from '#shared/forms/form.schema.ts';
import { submitForm, type FormSubmissionDeps } from '#shared/leads/form-submission.service.ts';
import { formTokenLifetimeSeconds, signFormToken } from '#shared/forms/form-token.ts';
import { formTokenIssued, leadDeps, testSecrets } from '../support/lead-deps.ts';
import { createTestTable } from '../support/test-table.ts';

let table: TableRef;
let deps: FormSubmissionDeps;
let form: Form;
/** A good token for `form`, issued 30 s before the tests began. */
let formToken: string;

const aForm = (overrides: Record<string, unknown> = {}) =>
  createForm(
    deps,
    CreateFormRequest.parse({
      name: 'Guide download',
      fieldMapping: { email: 'email', first_name: 'firstName', role: 'jobTitle', interest: 'custom.interest' },
      allowedOrigins: ['https://www.customer.example'],
      consent: { text: 'Send me news', version: 'v3', field: 'newsletter' },
      leadDefaults: { lifecycleStage: 'lead', tags: ['guide'] },
      ...overrides,
    }),
  );

const fieldsFor = (email: string, extra: Record<string, string> = {}) => ({
  email,
  first_name: 'Kim',
  newsletter: 'yes',
  _relay_token: formToken,
  ...extra,
});
const submit = (fields: Record<string, string>, extra: Partial<Parameters<typeof submitForm>[1]> = {}) =>
  submitForm(deps, {
    formId: form.id,
    fields,
    ip: `10.0.0.${Math.floor(Math.random() * 250)}`,
    origin: 'https://www.customer.example',
    ...extra,
  });
const pendingEvents = async () => deps.outbox.listPending(1000);

beforeAll(async () => {
  table = await createTestTable();
  deps = leadDeps(table);
  form = await aForm();
  formToken = await formTokenIssued(form.id, 30);
});

describe('form submissions on DynamoDB Local', () => {
  it('50 concurrent identical submissions give one contact, one activity, one Lead Received and identical answers', async () => {
    const fields = fieldsFor('same.person@example.com', { role: 'CTO' });
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(fields, { ip: '10.1.1.1' })));
    const bodies = new Set(results.map((result) => `${result.response.status} ${result.response.body}`));
    expect(bodies.size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const contactId = await deps.contacts.findIdByEmail('same.person@example.com');
    const contact = await deps.contacts.get(contactId as string);
    expect(contact).toMatchObject({
      firstName: 'Kim',
      jobTitle: 'CTO',
      lifecycleStage: 'lead',
      tags: ['guide'],
      consent: { status: 'granted', textVersion: 'v3' },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const timeline = await listActivities(deps, ListActivitiesQuery.parse({ contactId }));
    expect(timeline.items.map((a) => a.type)).toEqual(['form_submission']);
    const received = (await pendingEvents()).filter(
      (e) => e.detailType === 'Lead Received' && 'contactId' in e.detail && e.detail.contactId === contactId,
    );
    expect(received).toHaveLength(1);
    expect(received[0]?.detail).toMatchObject({
      sourceKind: 'form',
      sourceId: form.id,
      isNewContact: true,
      consentStatus: 'granted',
      doubleOptInRequired: false,
    });
    const consents = await deps.consents.history(contactId as string);
    expect(consents).toEqual([
      expect.objectContaining({
        status: 'granted',
        method: 'form',
        textVersion: 'v3',
        text: 'Send me news',
        ipHash: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(JSON.stringify(consents)).not.toContain('10.1.1.1');
  });

  it('merges a second lead into the contact: new non-empty values win, consent is never downgraded', async () => {
    await submit(fieldsFor('returning@example.com', { role: 'Engineer' }));
    const second = await submit(
      fieldsFor('RETURNING@example.com', { role: 'Head of Engineering', newsletter: '', interest: 'pricing' }),
    );
    expect(second.response.status).toBe(202);
    const contact = await deps.contacts.get((await deps.contacts.findIdByEmail('returning@example.com')) as string);
    expect(contact).toMatchObject({
      jobTitle: 'Head of Engineering',
      customFields: { interest: 'pricing' },
      consent: { status: 'granted' },
      version: 2,
    });
  });

  it('answers bots (honeypot, too fast, missing required token) like people, and writes nothing', async () => {
    const strict = await aForm({ requireFormToken: true });
    const cases: [string, Record<string, string>, string][] = [
      ['honeypot', fieldsFor('bot1@example.com', { website: 'http://spam.example' }), form.id],
      ['too-fast', fieldsFor('bot2@example.com', { _relay_token: await formTokenIssued(form.id, 0) }), form.id],
      ['no-form-token', { email: 'bot3@example.com' }, strict.id],
    ];
    for (const [reason, fields, formId] of cases) {
      const result = await submitForm(deps, { formId, fields, ip: '10.9.9.9', origin: 'https://www.customer.example' });
      expect(result.bot, reason).toBe(reason);
      expect(result.response.status).toBe(202);
      expect(JSON.parse(result.response.body)).toEqual({ submissionId: expect.any(String), status: 'received' });
      expect(await deps.contacts.findIdByEmail(normaliseEmail(fields.email as string))).toBeUndefined();
    }
  });

  it('answers a form token that is expired, for another form, of an unknown key or tampered like a bot, and writes nothing', async () => {
    const other = await aForm({ name: 'Another form' });
    const [header, payload, signature] = formToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat: number };
    const backdated = Buffer.from(JSON.stringify({ ...claims, iat: claims.iat - 3600 })).toString('base64url');
    const cases: [string, string][] = [
      [
        'expired',
        await signFormToken(testSecrets, form.id, new Date(Date.now() - formTokenLifetimeSeconds * 1000 - 1000)),
      ],
      ['for another form', await formTokenIssued(other.id, 30)],
      [
        'of an unknown key',
        await signFormToken(
          { formTokenKey: 'a-key-relay-never-had-0123456789' },
          form.id,
          new Date(Date.now() - 30_000),
        ),
      ],
      ['tampered', `${header}.${backdated}.${signature}`],
      ['not a JWT', 'eyJhbGciOiJub25lIn0.e30.'],
    ];
    for (const [what, token] of cases) {
      const email = `token-${what.replaceAll(' ', '-')}@example.com`;
      const result = await submit(fieldsFor(email, { _relay_token: token }));
      expect(result.bot, what).toBe('invalid-form-token');
      expect(result.response.status).toBe(202);
      expect(await deps.contacts.findIdByEmail(email)).toBeUndefined();
    }
    // The strict form refuses a missing token; the others accept none (a plain HTML form that never fetched one).
    expect((await submit(fieldsFor('no-token@example.com', { _relay_token: '' }))).bot).toBeUndefined();
  });

  it('accepts tokens of the previous key while keys rotate', async () => {
    const rotated = {
      ...deps,
      secrets: {
        ...testSecrets,
        formTokenKey: 'the-new-form-token-key-0123456789',
        previousFormTokenKey: testSecrets.formTokenKey,
      },
    };
    const result = await submitForm(rotated, {
      formId: form.id,
      fields: fieldsFor('rotated@example.com'),
      ip: '10.4.4.4',
    });
    expect(result.bot).toBeUndefined();
    expect(await deps.contacts.findIdByEmail('rotated@example.com')).toBeDefined();
    const retired = { ...deps, secrets: { ...testSecrets, formTokenKey: 'the-new-form-token-key-0123456789' } };
    const refused = await submitForm(retired, {
      formId: form.id,
      fields: fieldsFor('retired@example.com'),
      ip: '10.4.4.4',
    });
    expect(refused.bot).toBe('invalid-form-token');
  });

  it('refuses another site, a reused Idempotency-Key with other content, and invalid fields (naming the form field)', async () => {
    await expect(submit(fieldsFor('x@example.com'), { origin: 'https://evil.example' })).rejects.toBeInstanceOf(
      Forbidden,
    );
    const key = randomUUID();
    await submit(fieldsFor('keyed@example.com'), { idempotencyKey: key });
    await expect(submit(fieldsFor('other@example.com'), { idempotencyKey: key })).rejects.toBeInstanceOf(
      UnprocessableContent,
    );
    expect(await deps.contacts.findIdByEmail('other@example.com')).toBeUndefined();
    const error = await submit(fieldsFor('not-an-email')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors[0]?.pointer).toBe('/email');
  });

  it("reads a national phone in the form's country, unless the visitor names their own country", async () => {
    const iranian = await aForm({
      name: 'Tehran event',
      fieldMapping: { email: 'email', mobile: 'phone', land: 'country' },
      consent: undefined,
      phoneCountry: 'IR',
    });
    const token = await formTokenIssued(iranian.id, 30);
    const send = (fields: Record<string, string>) =>
      submitForm(deps, { formId: iranian.id, fields: { ...fields, _relay_token: token }, ip: '10.9.9.9' });
    const stored = async (email: string) =>
      deps.contacts.get((await deps.contacts.findIdByEmail(normaliseEmail(email))) as string);

    await send({ email: 'sara@example.ir', mobile: '۰۹۱۲ ۳۴۵ ۶۷۸۹' });
    expect(await stored('sara@example.ir')).toMatchObject({ phone: '+98 912 345 6789', phoneE164: '+989123456789' });
    expect((await stored('sara@example.ir'))?.country).toBeUndefined();
    await send({ email: 'hans@example.de', mobile: '030 901820', land: 'de' });
    expect(await stored('hans@example.de')).toMatchObject({ phone: '030 901820', phoneE164: '+4930901820' });
    await send({ email: 'intl@example.com', mobile: '+44 20 7946 0958' });
    expect(await stored('intl@example.com')).toMatchObject({ phone: '+44 20 7946 0958', phoneE164: '+442079460958' });

    // Without a form country, the same national number is refused, saying what it needs.
    const anywhere = await aForm({
      name: 'Anywhere',
      fieldMapping: { email: 'email', mobile: 'phone' },
      consent: undefined,
    });
    const error = await submitForm(deps, {
      formId: anywhere.id,
      fields: {
        email: 'no-country@example.ir',
        mobile: '0912 345 6789',
        _relay_token: await formTokenIssued(anywhere.id, 30),
      },
      ip: '10.9.9.8',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors[0]?.message).toContain('national number needs');
  });

  it('limits submissions per network per form', async () => {
    const limited = await aForm({ name: 'Rate limited' });
    const token = await formTokenIssued(limited.id, 30);
    const send = (i: number) =>
      submitForm(deps, {
        formId: limited.id,
        fields: { email: `rl${i}@example.com`, _relay_token: token },
        ip: '10.7.7.7',
      });
    for (let i = 0; i < 20; i++) await send(i);
    await expect(send(20)).rejects.toBeInstanceOf(TooManyRequests);
    expect(await deps.contacts.findIdByEmail('rl20@example.com')).toBeUndefined();
    await expect(
      submitForm(deps, { formId: limited.id, fields: { email: 'rl-other@example.com' }, ip: '10.7.7.8' }),
    ).resolves.toMatchObject({ response: { status: 202 } });
  });

  it('fails closed on Turnstile: a failed or unreachable check refuses the lead', async () => {
    const guarded = await aForm({ name: 'Turnstile', turnstile: { enabled: true } });
    const fields = {
      email: 'human@example.com',
      _relay_token: await formTokenIssued(guarded.id, 30),
      'cf-turnstile-response': 'token',
    };
    const withVerifier = (verify: FormSubmissionDeps['verifyTurnstile']) =>
      submitForm({ ...deps, verifyTurnstile: verify }, { formId: guarded.id, fields, ip: '10.3.3.3' });
    await expect(withVerifier(async () => false)).rejects.toBeInstanceOf(Forbidden);
    await expect(withVerifier(async () => Promise.reject(new Error('timeout')))).rejects.toBeInstanceOf(Forbidden);
    await expect(
      submitForm(deps, { formId: guarded.id, fields: { email: 'human@example.com' }, ip: '10.3.3.3' }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await deps.contacts.findIdByEmail('human@example.com')).toBeUndefined();
    await expect(withVerifier(async () => true)).resolves.toMatchObject({ response: { status: 202 } });
  });

  it('lets a crashed submission be taken over, so a retry completes it', async () => {
    const fields = fieldsFor('crashed@example.com');
    const { createHash } = await import('node:crypto');
    const canonical = JSON.stringify([
      form.id,
      Object.entries({ email: 'crashed@example.com', first_name: 'Kim', newsletter: 'yes' }).sort(([a], [b]) =>
        a < b ? -1 : 1,
      ),
    ]);
    const hash = createHash('sha256').update(canonical).digest('hex');
    await deps.idempotency.claim(`form:${form.id}`, hash, hash, Date.now() - 60_000);
    const result = await submit(fields);
    expect(result).toMatchObject({ replayed: false, response: { status: 202 } });
    const { Item } = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: idempotencyKeys.record(`form:${form.id}`, hash) }),
    );
    expect(Item).toMatchObject({ state: 'completed' });
  });
});

describe('changing a form with a merge patch (the form builder’s save)', () => {
  it('removes the consent, redirect and campaign a null names, keeps everything the patch leaves out, and refuses null elsewhere', async () => {
    const campaignId = '01JDEMC4MPA1GN000000000000';
    const saved = await aForm({ redirectUrl: 'https://www.customer.example/thanks', phoneCountry: 'IR', campaignId });
    const patch = UpdateFormRequest.parse({ consent: null, redirectUrl: null, campaignId: null, doubleOptIn: true });
    const changed = await updateForm(deps, saved.id, patch, saved.version);
    expect(changed).not.toHaveProperty('consent');
    expect(changed).not.toHaveProperty('redirectUrl');
    expect(changed).not.toHaveProperty('campaignId');
    // What the patch leaves out stays as it was, defaulted members too (zod fills defaults in inside optional).
    const { consent: _consent, redirectUrl: _redirect, campaignId: _campaign, ...kept } = saved;
    expect(changed).toEqual({ ...kept, doubleOptIn: true, version: saved.version + 1, updatedAt: changed.updatedAt });
    expect(changed).toMatchObject({
      allowedOrigins: ['https://www.customer.example'],
      leadDefaults: { lifecycleStage: 'lead', tags: ['guide'] },
      phoneCountry: 'IR',
    });
    expect(await getForm(deps, saved.id)).toEqual(changed);
    // Only the members a form may go without can be removed; the rest have no "absent" to go back to.
    for (const member of ['name', 'fieldMapping', 'doubleOptIn', 'leadDefaults'])
      expect(UpdateFormRequest.safeParse({ [member]: null }).success, member).toBe(false);
  });
});
