import { escapeHtml } from '../messaging/html.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { getContact, prepareContactChange, type ContactDeps } from '../contacts/contact.service.ts';
import { isoNow } from '../context.ts';
import { domainEvent } from '../events/catalog.ts';
import type { OutboxRepository } from '../events/outbox.repository.ts';
import type { FormRepository } from '../forms/form.repository.ts';
import type { EmailSender } from '../messaging/email-sender.ts';
import { systemPrincipal } from '../auth/principal.ts';
import type { ConsentRepository } from './consent.repository.ts';
import { signToken, verifyToken } from './signed-token.ts';

const linkLifetimeMs = 14 * 24 * 3600 * 1000;

export interface DoubleOptInDeps extends ContactDeps {
  forms: FormRepository;
  consents: ConsentRepository;
  outbox: OutboxRepository;
  email: EmailSender;
  consentKey: string;
  publicApiUrl: string;
}

/** Mails the confirmation link for a lead that awaits double opt-in (once per submission). */
export async function sendDoubleOptIn(
  deps: DoubleOptInDeps,
  lead: { contactId: string; submissionId: string; sourceId: string },
): Promise<'sent' | 'already-sent' | 'not-needed'> {
  const contact = await getContact(deps, lead.contactId);
  if (contact.consent.status !== 'pending') return 'not-needed';
  const form = await deps.forms.get(lead.sourceId);
  const token = signToken(
    { contactId: contact.id, submissionId: lead.submissionId, exp: deps.context.now().getTime() + linkLifetimeMs },
    deps.consentKey,
  );
  const link = `${deps.publicApiUrl}/consent/confirm?token=${encodeURIComponent(token)}`;
  const greeting = contact.firstName ? `Hi ${contact.firstName},` : 'Hi,';
  const wording = form?.consent?.text ?? 'receive our emails';
  return deps.email.sendOnce(`double-opt-in:${lead.submissionId}`, {
    to: contact.email,
    subject: 'Please confirm your subscription',
    text: `${greeting}\n\nPlease confirm that you agree to: ${wording}\n\nConfirm: ${link}\n\nIf this was not you, ignore this email.`,
    html: `<p>${escapeHtml(greeting)}</p><p>Please confirm that you agree to: ${escapeHtml(wording)}</p><p><a href="${escapeHtml(link)}">Confirm my subscription</a></p><p>If this was not you, ignore this email.</p>`,
  });
}

/**
 * The confirmation link was clicked: pending consent becomes granted, with proof, in one
 * transaction. Clicking again changes nothing. A tampered or expired link changes nothing.
 */
export async function confirmConsent(
  deps: DoubleOptInDeps,
  token: string,
): Promise<'confirmed' | 'already-confirmed' | 'invalid'> {
  const claims = verifyToken<{ contactId: string; submissionId: string; exp: number }>(token, deps.consentKey);
  if (!claims || claims.exp < deps.context.now().getTime()) return 'invalid';
  const contact: Contact | undefined = await deps.contacts.get(claims.contactId);
  if (!contact) return 'invalid';
  if (contact.consent.status === 'granted') return 'already-confirmed';
  const at = isoNow(deps.context);
  const consent = { ...contact.consent, status: 'granted' as const, updatedAt: at };
  const change = prepareContactChange(deps, contact, { consent }, { principal: systemPrincipal });
  if (!change) return 'already-confirmed';
  const confirmed = domainEvent(
    'Contact Consent Confirmed',
    { contactId: contact.id, submissionId: claims.submissionId },
    { id: deps.context.newId(), occurredAt: at },
  );
  await deps.contacts.write([
    ...deps.contacts.updateItems(contact, change.after, [change.event]),
    deps.consents.recordItem({
      id: deps.context.newId(),
      contactId: contact.id,
      status: 'granted',
      at,
      method: 'double-opt-in',
      source: contact.consent.source ?? 'unknown',
      ...(contact.consent.textVersion ? { textVersion: contact.consent.textVersion } : {}),
    }),
    deps.outbox.eventItem(confirmed),
  ]);
  return 'confirmed';
}
