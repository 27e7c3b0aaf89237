import { lifecycleStages, type Contact, type CreateContactRequest, type UpdateContactRequest } from '../contacts/contact.schema.ts';

/**
 * What an imported row changes on an existing contact (same normalised email, whose spelling is kept). The rule:
 * non-empty incoming values win for plain fields; tags are added, never removed; custom fields merge
 * key by key; the lifecycle stage only moves forward in the funnel; an import never reassigns a
 * contact that already has an owner. Returns undefined when the row changes nothing, so re-running
 * an import is a no-op.
 */
export function importPatch(existing: Contact, incoming: CreateContactRequest): UpdateContactRequest | undefined {
  const patch: Record<string, unknown> = {};
  const plainFields = ['firstName', 'lastName', 'phone', 'jobTitle', 'companyName', 'country', 'timeZone'] as const;
  for (const field of plainFields) {
    const value = incoming[field];
    if (value !== undefined && value !== existing[field]) patch[field] = value;
  }
  const stageRank = (stage: string) => (stage === 'other' ? -1 : lifecycleStages.indexOf(stage as (typeof lifecycleStages)[number]));
  if (stageRank(incoming.lifecycleStage) > stageRank(existing.lifecycleStage)) patch.lifecycleStage = incoming.lifecycleStage;
  if (incoming.ownerId && !existing.ownerId) patch.ownerId = incoming.ownerId;
  if (incoming.companyId && !existing.companyId) patch.companyId = incoming.companyId;
  const newTags = incoming.tags.filter((tag) => !existing.tags.includes(tag));
  if (newTags.length) patch.tags = [...existing.tags, ...newTags];
  const changedCustom = Object.fromEntries(Object.entries(incoming.customFields).filter(([key, value]) => value !== null && existing.customFields[key] !== value));
  if (Object.keys(changedCustom).length) patch.customFields = changedCustom;
  return Object.keys(patch).length ? (patch as UpdateContactRequest) : undefined;
}
