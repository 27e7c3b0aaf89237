import type { Actor } from '../auth/actor.ts';
import { createContact, getContact, updateContact, type ContactDeps } from '../contacts/contact.service.ts';
import { CreateContactRequest } from '../contacts/contact.schema.ts';
import { normaliseEmail } from '../contacts/email.ts';
import { contactColumns } from './csv-columns.ts';
import { importPatch } from './contact-merge.ts';
import { importRows, type UpsertOutcome } from './import-rows.ts';
import type { ImportRowsRequest } from './import.schema.ts';

/** Contacts from CSV rows: created, or merged into the contact with the same normalised email (see importPatch). */
export function importContactRows(deps: ContactDeps, request: ImportRowsRequest, actor: Actor) {
  return importRows(request, contactColumns, CreateContactRequest, async (incoming): Promise<UpsertOutcome> => {
    const existingId = await deps.contacts.findIdByEmail(normaliseEmail(incoming.email));
    if (!existingId) return { outcome: 'created', id: (await createContact(deps, incoming, actor)).id };
    const existing = await getContact(deps, existingId);
    const patch = importPatch(existing, incoming);
    if (!patch) return { outcome: 'unchanged', id: existing.id };
    await updateContact(deps, existing.id, patch, actor, existing.version);
    return { outcome: 'updated', id: existing.id };
  });
}
