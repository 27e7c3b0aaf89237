import { createHash } from 'node:crypto';
import { ownValue } from '../common/own-keys.ts';
import { CreateContactRequest } from '../contacts/contact.schema.ts';
import type { AppContext } from '../context.ts';
import { Forbidden, NotFound, TooManyRequests, ValidationFailed } from '../errors.ts';
import type { FormRepository } from '../forms/form.repository.ts';
import type { Form } from '../forms/form.schema.ts';
import { verifyFormToken, type FormTokenSecrets } from '../forms/form-token.ts';
import { consentFromSubmission } from './consent.ts';
import type { StoredResponse } from './idempotency.repository.ts';
import { receiveLead, type LeadDeps } from './lead-intake.service.ts';
import { contactFromFields, detectBot, ticketFromFields, type BotVerdict } from './lead.rules.ts';
import { receiveSupportRequest, type SupportRequestDeps } from '../tickets/support-request.service.ts';
import type { OpenedTicket } from '../tickets/ticket.service.ts';
import { SupportFormTicket } from '../tickets/ticket.schema.ts';
import type { RateLimitRepository } from './rate-limit.repository.ts';

export interface FormSubmissionDeps extends LeadDeps, SupportRequestDeps {
  forms: FormRepository;
  rateLimits: RateLimitRepository;
  secrets: FormTokenSecrets & { ipHashSalt: string };
  /** Cloudflare Turnstile verification; resolves false (or throws) when the token is not good. */
  verifyTurnstile: (token: string, ip: string) => Promise<boolean>;
  context: AppContext;
}

export interface FormSubmission {
  formId: string;
  fields: Record<string, string>;
  /** The browser's Origin header, if any (server-to-server posts have none). */
  origin?: string;
  ip: string;
  /** Idempotency-Key header, if the client sent one. */
  idempotencyKey?: string;
}

export interface SubmissionResult {
  form: Form;
  response: StoredResponse;
  /** Set when the submission was judged automated: it got a success-shaped answer and nothing was written. */
  bot?: BotVerdict;
  replayed?: boolean;
  /** A support form's ticket, when this request opened it (not on a repeat). */
  opened?: OpenedTicket;
}

export const formTokenField = '_relay_token';
export const turnstileField = 'cf-turnstile-response';

/**
 * A public form submission: origin allowed, bot checks (honeypot, fill time), optional Turnstile
 * (fail closed), field mapping and validation, then, exactly once and rate-limited per network (repeats
 * of one submission are answered, not counted), a lead, or for a support form a ticket.
 */
export async function submitForm(deps: FormSubmissionDeps, submission: FormSubmission): Promise<SubmissionResult> {
  const form = await deps.forms.get(submission.formId);
  if (!form) throw new NotFound(`There is no form ${submission.formId}.`);
  if (submission.origin && !form.allowedOrigins.includes(submission.origin)) {
    throw new Forbidden('This form does not accept submissions from that site.');
  }
  const now = deps.context.now().getTime();
  const sentToken = ownValue(submission.fields, formTokenField);
  const token = sentToken
    ? ((await verifyFormToken(deps.secrets, sentToken, form.id, deps.context.now())) ?? 'invalid')
    : undefined;
  const bot = detectBot(form, submission.fields, token, now);
  if (bot)
    return {
      form,
      bot,
      response: { status: 202, body: JSON.stringify({ submissionId: deps.context.newId(), status: 'received' }) },
    };

  const ipHash = hashIp(submission.ip, deps.secrets.ipHashSalt);
  if (form.turnstile.enabled) {
    const turnstileToken = ownValue(submission.fields, turnstileField);
    const passed = turnstileToken
      ? await deps.verifyTurnstile(turnstileToken, submission.ip).catch(() => false)
      : false;
    if (!passed) throw new Forbidden('The anti-bot check did not pass; reload the page and try again.');
  }

  const fields = withoutControlFields(form, submission.fields);
  const parsed = CreateContactRequest.safeParse(contactFromFields(form, fields));
  const ticket = form.kind === 'support' ? SupportFormTicket.safeParse(ticketFromFields(form, fields)) : undefined;
  if (!parsed.success || (ticket && !ticket.success)) {
    const fieldOf = (target: string) =>
      Object.entries(form.fieldMapping).find(([, to]) => to === target || to === `custom.${target}`)?.[0] ?? target;
    const ticketFieldOf = (member: string) => fieldOf(member === 'customFields' ? member : `ticket.${member}`);
    const errors = [
      ...(parsed.success ? [] : parsed.error.issues).map((issue) => ({
        pointer: `/${fieldOf(String(issue.path.at(-1) ?? ''))}`,
        message: issue.message,
      })),
      ...(ticket && !ticket.success ? ticket.error.issues : []).map((issue) => ({
        pointer: `/${issue.path[0] === 'customFields' ? fieldOf(`ticket.custom.${String(issue.path.at(-1))}`) : ticketFieldOf(String(issue.path[0] ?? ''))}`,
        message: issue.message,
      })),
    ];
    // The detail says what each field should be (a visitor's phone: the format it is read in), not only its name.
    const summary = errors.map((e) => `${e.pointer.slice(1)} (${e.message})`).join(', ');
    throw new ValidationFailed(`Please check: ${summary}.`, errors);
  }
  const contentHash = hashFields(form.id, fields);
  const admit = async () => {
    const { requests, windowSeconds } = form.rateLimit;
    const hits = await deps.rateLimits.hit(`form:${form.id}:${ipHash}`, windowSeconds, now);
    if (hits > requests)
      throw new TooManyRequests('Too many submissions from your network; try again later.', {
        retryAfterSeconds: windowSeconds,
      });
  };
  const once = { scope: `form:${form.id}`, key: submission.idempotencyKey ?? contentHash, payloadHash: contentHash };
  const consent = {
    status: consentFromSubmission(form, fields),
    ...(form.consent ? { textVersion: form.consent.version, text: form.consent.text } : {}),
  };
  if (ticket?.success) {
    const { subject, message, customFields } = ticket.data;
    let opened: OpenedTicket | undefined;
    const receipt = await receiveSupportRequest(
      deps,
      {
        ...once,
        formId: form.id,
        contact: parsed.data,
        consent,
        ipHash,
        subject,
        message,
        ticketCustomFields: customFields,
        ...(form.supportTeamId ? { teamId: form.supportTeamId } : {}),
        admit,
      },
      (first) => (opened = first),
    );
    return { form, response: receipt.response, replayed: receipt.replayed, ...(opened ? { opened } : {}) };
  }
  const receipt = await receiveLead(deps, {
    ...once,
    source: { kind: 'form', id: form.id },
    contact: parsed.data,
    consent,
    ipHash,
    details: fields,
    ...(form.campaignId ? { campaignId: form.campaignId } : {}),
    admit,
  });
  return { form, response: receipt.response, replayed: receipt.replayed };
}

/** A salted hash: enough to tie submissions together, never the address itself. */
export function hashIp(ip: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${ip}`).digest('hex').slice(0, 32);
}

function hashFields(formId: string, fields: Record<string, string>): string {
  const canonical = JSON.stringify([formId, Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  return createHash('sha256').update(canonical).digest('hex');
}

function withoutControlFields(form: Form, fields: Record<string, string>): Record<string, string> {
  const control = new Set([form.honeypotField, formTokenField, turnstileField]);
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !control.has(name)));
}
