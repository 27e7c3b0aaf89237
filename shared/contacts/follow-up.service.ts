import { systemPrincipal } from '../auth/principal.ts';
import { NotFound, PreconditionFailed } from '../errors.ts';
import type { ActivityRepository } from '../activities/activity.repository.ts';
import type { ContactDeps } from './contact.service.ts';

export type FollowUpDeps = ContactDeps & { activities: ActivityRepository };
import { getContact, updateContact } from './contact.service.ts';
import { isUntouched, tagsWithFollowUp } from './follow-up.ts';

export interface FollowUpCheck {
  untouched: boolean;
  /** The version the check saw, so flagging can refuse to overwrite a later touch. */
  version?: number;
}

/** Whether the contact still awaits its owner's first touch. A deleted contact needs nothing. */
export async function checkContactUntouched(deps: FollowUpDeps, contactId: string): Promise<FollowUpCheck> {
  try {
    const contact = await getContact(deps, contactId);
    const timeline = await deps.activities.contactTimeline(contactId, 1);
    return { untouched: isUntouched(contact, timeline.items.length > 0), version: contact.version };
  } catch (error) {
    if (error instanceof NotFound) return { untouched: false };
    throw error;
  }
}

/**
 * Tags the contact for follow-up, but only if it is still at `expectedVersion`: a touch that lands
 * between the check and this write wins, and the contact is left alone.
 */
export async function flagContactForFollowUp(
  deps: ContactDeps,
  contactId: string,
  expectedVersion: number,
): Promise<{ flagged: boolean }> {
  try {
    const contact = await getContact(deps, contactId);
    if (contact.version !== expectedVersion) return { flagged: false };
    await updateContact(
      deps,
      contactId,
      { tags: tagsWithFollowUp(contact) },
      { principal: systemPrincipal },
      expectedVersion,
    );
    return { flagged: true };
  } catch (error) {
    if (error instanceof NotFound || error instanceof PreconditionFailed) return { flagged: false };
    throw error;
  }
}
