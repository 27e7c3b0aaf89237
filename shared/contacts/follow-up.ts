import type { Contact } from './contact.schema.ts';

/** The tag that puts a contact in its owner's follow-up queue. */
export const needsFollowUpTag = 'needs-follow-up';

/**
 * A contact counts as untouched while it is still exactly as created (version 1) and has an owner
 * who should have acted on it. Any edit — by the owner, an import or a workflow — counts as a touch.
 */
export function isUntouched(contact: Contact): boolean {
  return contact.version === 1 && contact.ownerId !== undefined;
}

/** The tags after flagging; unchanged if the tag is there already. */
export function tagsWithFollowUp(contact: Contact): string[] {
  return contact.tags.includes(needsFollowUpTag) ? contact.tags : [...contact.tags, needsFollowUpTag];
}
