import type { Actor } from '../auth/actor.ts';
import {
  getContact,
  prepareContactChange,
  prepareNewContact,
  createContact,
  updateContact,
  type ContactDeps,
} from '../contacts/contact.service.ts';
import { CreateContactRequest, type Contact } from '../contacts/contact.schema.ts';
import { normaliseEmail } from '../contacts/email.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import { importPatch } from './contact-merge.ts';
import { importRows, type UpsertOutcome } from './import-rows.ts';
import type { ImportRowsRequest, ImportRowsResponse } from './import.schema.ts';
import { OwnerDirectory } from './owner-directory.ts';

export type ContactImportDeps = ContactDeps & { owners: OwnerRepository };

/**
 * Contacts from CSV rows: created, or merged into the contact with the same normalised email (see
 * importPatch). A dry run reads but never writes: it plays each row against the stored contacts and
 * against the rows before it in the same request, so a file's own duplicates show as merges.
 */
export function importContactRows(
  deps: ContactImportDeps,
  request: ImportRowsRequest,
  actor: Actor,
): Promise<ImportRowsResponse> {
  const simulated = new Map<string, Contact>();
  return importRows(
    { context: deps.context, ownerDirectory: new OwnerDirectory(deps.owners) },
    request,
    'contacts',
    CreateContactRequest,
    async (incoming, dryRun): Promise<UpsertOutcome> => {
      const email = normaliseEmail(incoming.email);
      if (dryRun) return simulateUpsert(deps, simulated, email, incoming, actor);
      const existingId = await deps.contacts.findIdByEmail(email);
      if (!existingId) return { outcome: 'created', id: (await createContact(deps, incoming, actor)).id };
      const existing = await getContact(deps, existingId);
      const patch = importPatch(existing, incoming);
      if (!patch) return { outcome: 'unchanged', id: existing.id };
      await updateContact(deps, existing.id, patch, actor, existing.version);
      return { outcome: 'updated', id: existing.id };
    },
  );
}

/** What the upsert above would do, through the same checks (prepareNewContact, prepareContactChange), writing nothing. */
async function simulateUpsert(
  deps: ContactImportDeps,
  simulated: Map<string, Contact>,
  email: string,
  incoming: CreateContactRequest,
  actor: Actor,
): Promise<UpsertOutcome> {
  const storedId = simulated.has(email) ? undefined : await deps.contacts.findIdByEmail(email);
  const existing = simulated.get(email) ?? (storedId ? await getContact(deps, storedId) : undefined);
  if (!existing) {
    const { contact } = await prepareNewContact(deps, incoming, actor);
    simulated.set(email, { ...contact, id: '' });
    return { outcome: 'created' };
  }
  const patch = importPatch(existing, incoming);
  const change = patch && prepareContactChange(deps, existing, patch, actor);
  if (change) simulated.set(email, change.after);
  return { outcome: change ? 'updated' : 'unchanged', ...(existing.id ? { id: existing.id } : {}) };
}
