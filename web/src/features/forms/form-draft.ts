import { CreateFormRequest, mappableContactFields, type Form } from '#shared/forms/form.schema.ts';
import { fieldErrorsOf } from '../../lib/zod-form.ts';

export { mappableContactFields };
const customPrefix = 'custom.';

/** One form field and what it fills: a contact field, or `custom` with the custom field's name. */
export interface FieldRow {
  key: string;
  name: string;
  target: string;
  customName: string;
}

/** The builder's state: every member of `CreateFormRequest`, as the inputs hold it. */
export interface FormDraft {
  name: string;
  fields: FieldRow[];
  consentEnabled: boolean;
  consentText: string;
  consentVersion: string;
  /** The form field of the visitor's tick; '' when submitting the form is the consent. */
  consentField: string;
  doubleOptIn: boolean;
  allowedOrigins: string[];
  redirectUrl: string;
  honeypotField: string;
  minFillSeconds: string;
  requireFormToken: boolean;
  turnstile: boolean;
  rateRequests: string;
  rateWindowSeconds: string;
  leadStage: string;
  leadOwnerId: string;
  leadTags: string[];
  phoneCountry: string;
  campaignId: string;
}

let lastKey = 0;
export function fieldRow(name = '', target: string = 'email'): FieldRow {
  const custom = target.startsWith(customPrefix);
  return {
    key: `field-${++lastKey}`,
    name,
    target: custom ? 'custom' : target,
    customName: custom ? target.slice(customPrefix.length) : '',
  };
}

/** A saved form's builder, or a new one's: an email field, the API's defaults for the rest. */
export function draftOf(form?: Form): FormDraft {
  return {
    name: form?.name ?? '',
    fields: form
      ? Object.entries(form.fieldMapping).map(([name, target]) => fieldRow(name, target))
      : [fieldRow('email')],
    consentEnabled: form?.consent !== undefined,
    consentText: form?.consent?.text ?? '',
    consentVersion: form?.consent?.version ?? '',
    consentField: form?.consent?.field ?? '',
    doubleOptIn: form?.doubleOptIn ?? false,
    allowedOrigins: form?.allowedOrigins ?? [],
    redirectUrl: form?.redirectUrl ?? '',
    honeypotField: form?.honeypotField ?? 'website',
    minFillSeconds: String(form?.minFillSeconds ?? 3),
    requireFormToken: form?.requireFormToken ?? false,
    turnstile: form?.turnstile.enabled ?? false,
    rateRequests: String(form?.rateLimit.requests ?? 20),
    rateWindowSeconds: String(form?.rateLimit.windowSeconds ?? 600),
    leadStage: form?.leadDefaults.lifecycleStage ?? '',
    leadOwnerId: form?.leadDefaults.ownerId ?? '',
    leadTags: form?.leadDefaults.tags ?? [],
    phoneCountry: form?.phoneCountry ?? '',
    campaignId: form?.campaignId ?? '',
  };
}

const targetOf = (row: FieldRow) => (row.target === 'custom' ? `${customPrefix}${row.customName.trim()}` : row.target);
/** A whole number typed in digits of any script; text that is none is sent as is, for the schema to name. */
const wholeNumber = (cell: string): number | string => {
  const ascii = cell.trim().replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) & 0xf));
  return /^\d+$/.test(ascii) ? Number(ascii) : cell;
};
const optional = <K extends string, V>(key: K, value: V | '' | undefined) =>
  value === '' || value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/** The request the builder stands for, before the API's schema checks it. */
export function requestOf(draft: FormDraft): Record<string, unknown> {
  return {
    name: draft.name,
    fieldMapping: Object.fromEntries(draft.fields.map((row) => [row.name.trim(), targetOf(row)])),
    allowedOrigins: draft.allowedOrigins,
    ...(draft.consentEnabled
      ? {
          consent: {
            text: draft.consentText,
            version: draft.consentVersion,
            ...optional('field', draft.consentField.trim()),
          },
        }
      : {}),
    doubleOptIn: draft.doubleOptIn,
    ...optional('redirectUrl', draft.redirectUrl.trim()),
    honeypotField: draft.honeypotField.trim(),
    minFillSeconds: wholeNumber(draft.minFillSeconds),
    requireFormToken: draft.requireFormToken,
    turnstile: { enabled: draft.turnstile },
    rateLimit: { requests: wholeNumber(draft.rateRequests), windowSeconds: wholeNumber(draft.rateWindowSeconds) },
    ...optional('phoneCountry', draft.phoneCountry.trim().toUpperCase()),
    leadDefaults: {
      ...optional('lifecycleStage', draft.leadStage),
      ...optional('ownerId', draft.leadOwnerId),
      tags: draft.leadTags,
    },
    ...optional('campaignId', draft.campaignId),
  };
}

/**
 * The builder checked by the API's own `CreateFormRequest`, plus what a mapping object cannot say: two rows with
 * one field name would be one field. Errors are keyed as the API's pointers are (`fieldMapping.company`,
 * `consent.text`), and a row's by its position (`fields.2`).
 */
export function checkForm(
  draft: FormDraft,
): { ok: true; request: CreateFormRequest } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  draft.fields.forEach((row, index) => {
    const name = row.name.trim();
    if (seen.has(name)) errors[`fields.${index}`] = 'this field name is used twice';
    seen.add(name);
  });
  if (draft.consentEnabled && draft.consentField.trim() && seen.has(draft.consentField.trim()))
    errors['consent.field'] = 'the consent tick is its own field, not one of the mapped fields';
  const result = CreateFormRequest.safeParse(requestOf(draft));
  if (result.success && Object.keys(errors).length === 0) return { ok: true, request: result.data };
  return { ok: false, errors: { ...(result.success ? {} : fieldErrorsOf(result.error.issues)), ...errors } };
}

/** A row's error: its own, or the mapping's for its field name (`fieldMapping.<name>`). */
export function rowError(errors: Record<string, string>, row: FieldRow, index: number): string | undefined {
  const own = errors[`fields.${index}`];
  if (own) return own;
  const key = `fieldMapping.${row.name.trim()}`;
  if (Object.hasOwn(errors, key)) return errors[key];
  const inner = Object.keys(errors).find((path) => path.startsWith(`${key}.`));
  return inner ? errors[inner] : undefined;
}

/** The merge patch from the saved form to the request: the members that changed, null where one was removed. */
export function patchOf(form: Form, request: CreateFormRequest): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(request), 'consent', 'redirectUrl', 'phoneCountry', 'campaignId']);
  for (const key of keys) {
    const before = (form as Record<string, unknown>)[key];
    const after = (request as Record<string, unknown>)[key];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    // The form's PATCH takes a member to replace; leaving out an optional one keeps it, so a removed one is
    // sent as what the API keeps when absent. Only members the API accepts as optional reach here.
    if (after !== undefined) patch[key] = after;
    else patch[key] = null;
  }
  return patch;
}

/** Whether text reads right to left: its first letter is Arabic-script or Hebrew (as `dir="auto"` decides). */
export function isRightToLeft(text: string): boolean {
  const first = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]|[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.exec(text);
  return first !== null && /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.test(first[0]);
}

/** What a visitor sees, derived from the definition: the fields in order, the consent tick, the hidden honeypot. */
export interface FormPreview {
  action: string;
  dir: 'ltr' | 'rtl';
  fields: { name: string; target: string; type: 'email' | 'tel' | 'text'; required: boolean; autocomplete: string }[];
  consent?: { text: string; field?: string };
  honeypotField: string;
  needsToken: boolean;
  turnstile: boolean;
  redirectUrl?: string;
}

const autocompleteOf: Record<string, string> = {
  email: 'email',
  firstName: 'given-name',
  lastName: 'family-name',
  phone: 'tel',
  jobTitle: 'organization-title',
  companyName: 'organization',
  country: 'country',
};

export function previewOf(
  request: Pick<
    CreateFormRequest,
    'fieldMapping' | 'consent' | 'honeypotField' | 'requireFormToken' | 'turnstile' | 'redirectUrl'
  >,
  formId: string,
  apiUrl: string,
): FormPreview {
  return {
    action: `${apiUrl}/forms/${formId}/submissions`,
    dir: request.consent && isRightToLeft(request.consent.text) ? 'rtl' : 'ltr',
    fields: Object.entries(request.fieldMapping).map(([name, target]) => ({
      name,
      target,
      type: target === 'email' ? 'email' : target === 'phone' ? 'tel' : 'text',
      required: target === 'email',
      autocomplete: Object.hasOwn(autocompleteOf, target) ? (autocompleteOf[target] as string) : 'off',
    })),
    ...(request.consent
      ? { consent: { text: request.consent.text, ...(request.consent.field ? { field: request.consent.field } : {}) } }
      : {}),
    honeypotField: request.honeypotField,
    needsToken: request.requireFormToken,
    turnstile: request.turnstile.enabled,
    ...(request.redirectUrl ? { redirectUrl: request.redirectUrl } : {}),
  };
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The words a snippet needs, in the language the marketer writes the page in. */
export interface SnippetWords {
  label: (field: FormPreview['fields'][number]) => string;
  submit: string;
  leaveEmpty: string;
}

function formHtml(preview: FormPreview, words: SnippetWords, id?: string): string {
  const lines = [
    `<form${id ? ` id="${id}"` : ''} action="${escapeHtml(preview.action)}" method="post" accept-charset="utf-8" dir="${preview.dir}">`,
    ...preview.fields.map(
      (field) =>
        `  <label>${escapeHtml(words.label(field))} <input type="${field.type}" name="${escapeHtml(field.name)}" autocomplete="${field.autocomplete}"${field.required ? ' required' : ''}></label>`,
    ),
    ...(preview.consent?.field
      ? [
          `  <label><input type="checkbox" name="${escapeHtml(preview.consent.field)}" value="yes"> ${escapeHtml(preview.consent.text)}</label>`,
        ]
      : preview.consent
        ? [`  <p>${escapeHtml(preview.consent.text)}</p>`]
        : []),
    `  <!-- People leave this field empty; bots fill it in, and their submissions are dropped. -->`,
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><label>${escapeHtml(words.leaveEmpty)} <input type="text" name="${escapeHtml(preview.honeypotField)}" tabindex="-1" autocomplete="off"></label></div>`,
    ...(preview.turnstile
      ? [
          `  <!-- Cloudflare Turnstile: your site key; its script is https://challenges.cloudflare.com/turnstile/v0/api.js -->`,
          `  <div class="cf-turnstile" data-sitekey="YOUR-SITE-KEY"></div>`,
        ]
      : []),
    `  <button type="submit">${escapeHtml(words.submit)}</button>`,
    `</form>`,
  ];
  return lines.join('\n');
}

/**
 * The plain HTML form: it posts urlencoded to `POST /forms/{id}/submissions`, and the API answers with a 303 to
 * the form's redirect URL (or a thank-you page). It carries no form token, so a form that requires one drops it.
 */
export function htmlSnippet(preview: FormPreview, words: SnippetWords): string {
  return `${formHtml(preview, words)}\n`;
}

/**
 * The same form with a small script for sites that fetch the form token: it asks `GET /forms/{id}/token` when the
 * page loads (the fill time counts from then), and on submit posts the fields as JSON with the token.
 */
export function scriptSnippet(preview: FormPreview, words: SnippetWords, formId: string): string {
  const id = `relay-form-${formId}`;
  const base = preview.action.slice(0, -'/submissions'.length);
  return `${formHtml(preview, words, id)}
<script>
(() => {
  const form = document.getElementById(${JSON.stringify(id)});
  const api = ${JSON.stringify(base)};
  const token = fetch(api + '/token').then((response) => response.json());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { token: value, field } = await token;
    const body = Object.fromEntries(new FormData(form));
    body[field] = value;
    const response = await fetch(api + '/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    form.dispatchEvent(new CustomEvent(response.ok ? 'relay:submitted' : 'relay:refused', { detail: response.status }));
    if (response.ok) form.reset();
  });
})();
</script>
`;
}

/** Every day of [from, to] with its submissions (0 on days without), oldest first, for the chart and its table. */
export function dailySubmissions(
  from: string,
  to: string,
  series: readonly { day: string; submissions: number }[],
): { day: string; submissions: number }[] {
  const byDay = new Map(series.map((point) => [point.day, point.submissions]));
  const days: { day: string; submissions: number }[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push({ day, submissions: byDay.get(day) ?? 0 });
  }
  return days;
}
