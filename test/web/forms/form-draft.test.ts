import { describe, expect, it } from 'vitest';
import { CreateFormRequest, UpdateFormRequest, type Form } from '#shared/forms/form.schema.ts';
import {
  checkForm,
  dailySubmissions,
  draftOf,
  fieldRow,
  htmlSnippet,
  patchOf,
  previewOf,
  rowError,
} from '../../../web/src/features/forms/form-draft.ts';

const saved: Form = {
  ...CreateFormRequest.parse({
    name: 'Webinar sign-up',
    fieldMapping: { email: 'email', first_name: 'firstName', team: 'custom.teamSize' },
    allowedOrigins: ['https://www.customer.example'],
    consent: { text: 'می‌خواهم خبرنامه را دریافت کنم.', version: 'fa-1', field: 'newsletter' },
    redirectUrl: 'https://www.customer.example/thanks',
    minFillSeconds: 5,
    leadDefaults: { lifecycleStage: 'lead', tags: ['webinar'] },
    phoneCountry: 'IR',
  }),
  id: '01JDEMF0RM0000000000000001',
  version: 4,
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-02T09:00:00.000Z',
};

const words = { label: (field: { name: string }) => field.name, submit: 'Send', leaveEmpty: 'Leave empty' };

describe('the form builder’s draft', () => {
  it('opens a saved form and, unchanged, checks to the same request and an empty patch', () => {
    const checked = checkForm(draftOf(saved));
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...request } = saved;
    expect(checked.request).toEqual(request);
    expect(patchOf(saved, checked.request)).toEqual({});
  });

  it('sends only what changed, and null for a member taken away, as the API’s merge patch takes it', () => {
    const draft = { ...draftOf(saved), consentEnabled: false, redirectUrl: '', minFillSeconds: '۱۰' };
    const checked = checkForm(draft);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const patch = patchOf(saved, checked.request);
    expect(patch).toEqual({ consent: null, redirectUrl: null, minFillSeconds: 10 });
    expect(UpdateFormRequest.parse(patch)).toEqual(patch);
  });

  it('puts the API schema’s errors, and two rows with one name, on their rows and fields', () => {
    const draft = draftOf(saved);
    draft.fields = [...draft.fields, fieldRow('first_name', 'lastName')];
    draft.consentText = '';
    draft.rateRequests = '0';
    const checked = checkForm(draft);
    if (checked.ok) throw new Error('a form with two first_name fields passed');
    expect(rowError(checked.errors, draft.fields[3]!, 3)).toBe('this field name is used twice');
    expect(Object.keys(checked.errors)).toEqual(expect.arrayContaining(['consent.text', 'rateLimit.requests']));
    expect(checkForm({ ...draftOf(saved), fields: [fieldRow('name', 'firstName')] })).toMatchObject({
      ok: false,
      errors: { fieldMapping: 'map one form field to email' },
    });
  });

  it('previews right to left for Persian wording, and escapes what it writes into the snippet', () => {
    const preview = previewOf(
      { ...saved, fieldMapping: { email: 'email', '"><script>': 'custom.x' } },
      saved.id,
      'https://api.example',
    );
    expect(preview.dir).toBe('rtl');
    const html = htmlSnippet(preview, words);
    expect(html).toContain(`action="https://api.example/forms/${saved.id}/submissions"`);
    expect(html).toContain('name="&quot;&gt;&lt;script&gt;"');
    expect(html).not.toContain('"><script>');
    expect(previewOf({ ...saved, consent: { text: 'Send me news', version: 'v1' } }, saved.id, '').dir).toBe('ltr');
  });

  it('lays the submissions out on every day of the period, 0 where none came', () => {
    expect(dailySubmissions('2026-11-29', '2026-12-02', [{ day: '2026-12-01', submissions: 3 }])).toEqual([
      { day: '2026-11-29', submissions: 0 },
      { day: '2026-11-30', submissions: 0 },
      { day: '2026-12-01', submissions: 3 },
      { day: '2026-12-02', submissions: 0 },
    ]);
  });
});
