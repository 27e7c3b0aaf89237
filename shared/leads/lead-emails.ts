import type { Contact } from '../contacts/contact.schema.ts';
import type { Email } from '../messaging/email-sender.ts';
import { escapeHtml } from '../messaging/html.ts';

const displayName = (contact: Contact) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email;

function scoreLines(contact: Contact): string[] {
  const score = contact.leadScore;
  if (!score) return [];
  return [
    `Score ${score.total} (grade ${score.grade})`,
    ...score.explanation.map((line) => `  ${line.points > 0 ? '+' : ''}${line.points}  ${line.ruleName}`),
  ];
}

/** The email telling a rep a lead is theirs: who, why they scored, and by when to act. */
export function leadAssignedEmail(
  contact: Contact,
  owner: { name: string; email: string },
  links: { contactUrl: string; slaDueAt?: string },
): Email {
  const lines = [
    `Hi ${owner.name},`,
    '',
    `${displayName(contact)} <${contact.email}>${contact.companyName ? ` at ${contact.companyName}` : ''} is now your lead.`,
    ...scoreLines(contact),
    '',
    links.slaDueAt
      ? `Please get in touch before ${links.slaDueAt}; an untouched lead is reassigned.`
      : 'Please get in touch soon.',
    links.contactUrl,
  ];
  return {
    to: owner.email,
    subject: `New lead: ${displayName(contact)}${contact.leadScore ? ` (score ${contact.leadScore.total}, grade ${contact.leadScore.grade})` : ''}`,
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}

/** The email telling a team manager that a lead went untouched and was moved on. */
export function leadReassignedEmail(
  contact: Contact,
  manager: { name: string; email: string },
  change: { from: string; to?: string; contactUrl: string },
): Email {
  const lines = [
    `Hi ${manager.name},`,
    '',
    `${displayName(contact)} <${contact.email}> was not touched by ${change.from} in time.`,
    change.to
      ? `It has been reassigned to ${change.to}.`
      : `Nobody else on the team could take it, so it stays with ${change.from}.`,
    change.contactUrl,
  ];
  return {
    to: manager.email,
    subject: `Untouched lead: ${displayName(contact)}`,
    text: lines.join('\n'),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(''),
  };
}
