import type { Contact } from './contact.schema.ts';

/** The tag that puts a contact in its owner's follow-up queue. */
export const needsFollowUpTag = 'needs-follow-up';

/**
 * A contact counts as untouched while it is still exactly as created (version 1), nobody has logged
 * an activity on it, and it has an owner who should have acted. Any edit or logged call, note,
 * meeting or email counts as a touch. Derived at check time, so nothing has to keep a flag in step.
 */
export function isUntouched(contact: Contact, hasActivity: boolean): boolean {
  return contact.version === 1 && !hasActivity && contact.ownerId !== undefined;
}

/** The tags after flagging; unchanged if the tag is there already. */
export function tagsWithFollowUp(contact: Contact): string[] {
  return contact.tags.includes(needsFollowUpTag) ? contact.tags : [...contact.tags, needsFollowUpTag];
}
