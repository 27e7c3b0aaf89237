import type { Contact } from './contact.schema.ts';

type Counted = Pick<Contact, 'id' | 'ownerId' | 'lifecycleStage'>;

/** The stages in which a contact is an open lead of its owner, and counts against the owner's capacity. */
const openLeadStages: ReadonlySet<string> = new Set(['lead', 'mql', 'sql']);

export const isOpenLeadOf = (contact: Counted): string | undefined =>
  contact.ownerId && openLeadStages.has(contact.lifecycleStage) ? contact.ownerId : undefined;

/** Counter shards per owner: an import of thousands of one rep's leads spreads its counter writes over them. */
export const openLeadShards = 8;

/** The shard a contact counts in: a stable function of its id (FNV-1a), so it is the same on every write. */
export function openLeadShardOf(contactId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < contactId.length; index++) {
    hash ^= contactId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % openLeadShards;
}

/**
 * What a contact's write changes in its owners' open-lead counters: -1 for the owner it stops counting for,
 * +1 for the one it starts counting for, nothing when neither the owner nor the open-lead state changes.
 */
export function openLeadDeltas(
  before: Counted | undefined,
  after: Counted | undefined,
): { ownerId: string; shard: number; delta: 1 | -1 }[] {
  const [was, is] = [before && isOpenLeadOf(before), after && isOpenLeadOf(after)];
  if (was === is) return [];
  const contactId = (after ?? before)!.id;
  const shard = openLeadShardOf(contactId);
  return [
    ...(was ? [{ ownerId: was, shard, delta: -1 as const }] : []),
    ...(is ? [{ ownerId: is, shard, delta: 1 as const }] : []),
  ];
}
