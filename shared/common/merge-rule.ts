import { ownValue } from './own-keys.ts';

interface Mergeable {
  ownerId?: string;
  tags: string[];
  customFields: Record<string, string | number | boolean | null>;
}

/**
 * The import merge rule every entity shares: for `plainFields`, non-empty incoming values win;
 * tags are only added; custom fields merge key by key; an owned record is never reassigned.
 * Returns only what changes (empty when nothing does), so re-running an import is a no-op.
 */
export function mergeImported<T extends Mergeable>(
  existing: T,
  incoming: Partial<T> & Mergeable,
  plainFields: readonly (keyof T & string)[],
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of plainFields) {
    const value = incoming[field];
    if (value !== undefined && value !== existing[field]) patch[field] = value;
  }
  if (incoming.ownerId && !existing.ownerId) patch.ownerId = incoming.ownerId;
  const newTags = incoming.tags.filter((tag) => !existing.tags.includes(tag));
  if (newTags.length) patch.tags = [...existing.tags, ...newTags];
  const changedCustom = Object.fromEntries(
    Object.entries(incoming.customFields).filter(
      ([key, value]) => value !== null && ownValue(existing.customFields, key) !== value,
    ),
  );
  if (Object.keys(changedCustom).length) patch.customFields = changedCustom;
  return patch;
}
