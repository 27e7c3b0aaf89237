import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.ts';
import type { UserDirectory } from '../auth/user-directory.ts';
import { answerOnce } from '../common/answer-once.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import { Conflict, TooManyRequests, ValidationFailed } from '../errors.ts';
import type { IdempotencyRepository } from '../leads/idempotency.repository.ts';
import type { RateLimitRepository } from '../leads/rate-limit.repository.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import { subjectLine } from '../messaging/subject-line.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { CampaignStep, EmailContent } from './campaign-definition.schema.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import type { EmailPreview, PreviewRequest, TestSendReceipt, TestSendRequest } from './campaign.schema.ts';
import { getCampaign } from './campaign.service.ts';
import { templateContextFor } from './template-context.ts';
import { describeTemplateError, renderEmail, sampleTemplateContext, templateErrors } from './templates.ts';
import { listUnsubscribeHeaders } from './unsubscribe-link.ts';

/** How the stage's campaign mail goes out: its From, the API's public address (unsubscribe links) and Reply-To. */
export interface CampaignMailSettings {
  from: string;
  publicApiUrl: string;
  replyTo?: string;
}

export interface EmailPreviewDeps {
  campaigns: CampaignRepository;
  contacts: ContactRepository;
  owners: OwnerRepository;
  mail: CampaignMailSettings;
}

/**
 * The unsubscribe link of a preview or a test: the address real mail links to, with a token that verifies
 * for nobody, so clicking it in a test email unsubscribes no one (a real send signs a token per contact).
 */
export const previewUnsubscribeUrl = (publicApiUrl: string) =>
  `${publicApiUrl.replace(/\/$/, '')}/unsubscribe?token=preview-only`;

/**
 * One email of a campaign rendered as it would go out, for a contact or the sample contact: the draft's step
 * (or the editor's unsaved templates), with the From, Reply-To and unsubscribe headers campaign mail carries.
 * A template that cannot be rendered is a 400 whose pointers name the part (`/content/html`), with the line.
 */
export async function previewEmail(
  deps: EmailPreviewDeps,
  campaignId: string,
  request: PreviewRequest,
): Promise<EmailPreview> {
  const campaign = await getCampaign(deps, campaignId);
  const { content, variantId } = request.content
    ? { content: request.content, variantId: request.variantId }
    : storedContent(campaign.draft.steps, request);
  const unsubscribeUrl = previewUnsubscribeUrl(deps.mail.publicApiUrl);
  let context = { ...sampleTemplateContext, campaign: { name: campaign.name }, unsubscribeUrl };
  if (request.contactId) {
    const contact = await deps.contacts.get(request.contactId);
    if (!contact)
      throw new ValidationFailed(`There is no contact ${request.contactId}.`, [
        { pointer: '/contactId', message: 'no such contact' },
      ]);
    const owner = contact.ownerId ? await deps.owners.get(contact.ownerId) : undefined;
    context = templateContextFor(contact, owner, campaign, unsubscribeUrl);
  }
  const rendered = renderOrRefuse(content, context, request.content !== undefined);
  return {
    stepId: request.stepId,
    ...(variantId ? { variantId } : {}),
    subject: subjectLine(rendered.subject),
    html: rendered.html,
    text: rendered.text,
    from: deps.mail.from,
    to: context.contact.email,
    ...(deps.mail.replyTo ? { replyTo: deps.mail.replyTo } : {}),
    unsubscribeUrl,
    headers: listUnsubscribeHeaders(unsubscribeUrl),
  };
}

function storedContent(
  steps: readonly CampaignStep[],
  request: PreviewRequest,
): { content: EmailContent; variantId?: string } {
  const step = steps.find((candidate) => candidate.id === request.stepId);
  if (!step)
    throw new ValidationFailed(`The draft has no step "${request.stepId}".`, [
      { pointer: '/stepId', message: 'no such step' },
    ]);
  const found = contentOf(step, request.variantId);
  if (!found)
    throw new ValidationFailed(
      `Step "${step.id}" sends no email${request.variantId ? ` with variant "${request.variantId}"` : ''}.`,
      [{ pointer: request.variantId ? '/variantId' : '/stepId', message: 'nothing to preview' }],
    );
  const { variantId, ...content } = found;
  return { content, ...(variantId ? { variantId } : {}) };
}

function contentOf(step: CampaignStep, variantId?: string): (EmailContent & { variantId?: string }) | undefined {
  if (step.type === 'notify-owner')
    return variantId ? undefined : { subject: step.subject, text: step.text, html: `<pre>${step.text}</pre>` };
  if (step.type !== 'email') return undefined;
  if (step.content) return variantId ? undefined : step.content;
  const variant = variantId ? step.variants?.find((candidate) => candidate.id === variantId) : step.variants?.[0];
  return variant
    ? { variantId: variant.id, subject: variant.subject, html: variant.html, text: variant.text }
    : undefined;
}

/**
 * Renders, or refuses with what is wrong and where: first the strict checks the API's schema makes (an unknown
 * variable or filter, a syntax error), then this contact's own render (a filter failing on their data).
 */
function renderOrRefuse(
  content: EmailContent,
  context: Parameters<typeof renderEmail>[1],
  fromRequest: boolean,
): EmailContent {
  const pointer = (part: string) => (fromRequest ? `/content/${part}` : `/${part}`);
  const errors = templateErrors(content);
  if (errors.length)
    throw new ValidationFailed(
      'The email has template errors.',
      errors.map((error) => ({ pointer: pointer(error.part), message: error.message })),
    );
  try {
    return renderEmail(content, context);
  } catch (error) {
    throw new ValidationFailed('The email cannot be rendered for this contact.', [
      { pointer: fromRequest ? '/content' : '/stepId', message: describeTemplateError(error).message },
    ]);
  }
}

export interface TestSendDeps extends EmailPreviewDeps {
  email: EmailSender;
  idempotency: IdempotencyRepository;
  rateLimits: RateLimitRepository;
  users: UserDirectory;
  context: AppContext;
}

/** How many test sends one user may make: enough to iterate on an email, too few to mail anyone in bulk. */
export const testSendLimit = { count: 10, windowSeconds: 600 };
/** The mark a test's subject carries, so nobody takes it for the real thing. */
export const testSubjectPrefix = '[Test] ';

/**
 * Sends one email of a campaign, rendered as the preview renders it, to the signed-in user's own address (the
 * user pool's, never one the request names, never the contact's), marked as a test. Once per Idempotency-Key
 * (a double click sends one email); at most `testSendLimit` per user per window. It goes through SES with the
 * campaign configuration set, but carries no message key, so SES's reports of it are not campaign feedback,
 * and it writes nothing about the contact: no activity, no Email Sent, no frequency-cap entry, no counter.
 */
export async function sendTestEmail(
  deps: TestSendDeps,
  input: {
    campaignId: string;
    request: TestSendRequest;
    principal: Principal;
    username?: string;
    idempotencyKey: string;
  },
): Promise<{ status: number; receipt: TestSendReceipt; replayed: boolean }> {
  const { campaignId, request, principal, idempotencyKey } = input;
  const scope = `test-send:${principal.subject}`;
  const payloadHash = createHash('sha256')
    .update(JSON.stringify([campaignId, request]))
    .digest('base64url');
  const { response, replayed } = await answerOnce(
    deps,
    {
      scope,
      key: idempotencyKey,
      payloadHash,
      admit: async () => {
        const now = deps.context.now().getTime();
        const count = await deps.rateLimits.hit(scope, testSendLimit.windowSeconds, now);
        if (count > testSendLimit.count)
          throw new TooManyRequests(
            `At most ${testSendLimit.count} test emails per ${testSendLimit.windowSeconds / 60} minutes; try again later.`,
            { retryAfterSeconds: testSendLimit.windowSeconds - (Math.floor(now / 1000) % testSendLimit.windowSeconds) },
          );
      },
    },
    async () => {
      // Rendered first: a template error is refused without asking the user pool anything.
      const preview = await previewEmail(deps, campaignId, request);
      const to = await deps.users.emailOf({
        subject: principal.subject,
        ...(input.username ? { username: input.username } : {}),
      });
      if (!to)
        throw new Conflict('Your user has no email address in the user pool, so a test has nowhere to go.', {
          subject: principal.subject,
        });
      const subject = subjectLine(`${testSubjectPrefix}${preview.subject}`);
      await deps.email.sendOnce(`${scope}:${idempotencyKey}`, {
        to,
        subject,
        html: preview.html,
        text: preview.text,
        headers: [...preview.headers, { name: 'X-Relay-Test-Send', value: 'true' }],
        ...(preview.replyTo ? { replyTo: preview.replyTo } : {}),
      });
      const receipt: TestSendReceipt = {
        to,
        from: preview.from,
        subject,
        stepId: preview.stepId,
        ...(preview.variantId ? { variantId: preview.variantId } : {}),
        ...(request.contactId ? { contactId: request.contactId } : {}),
        sentAt: isoNow(deps.context),
      };
      return { status: 202, body: JSON.stringify(receipt) };
    },
  );
  return { status: response.status, receipt: JSON.parse(response.body) as TestSendReceipt, replayed };
}
