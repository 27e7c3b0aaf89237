import type { Actor } from '../auth/actor.ts';
import { normaliseEmail } from '../contacts/email.ts';
import { createContact, getContact, updateContact, type ContactDeps } from '../contacts/contact.service.ts';
import { CreateContactRequest } from '../contacts/contact.schema.ts';
import { Conflict, DomainError, NotFound, ValidationFailed, type FieldError } from '../errors.ts';
import { mapContactCsvRow } from './contact-csv.ts';
import { importPatch } from './contact-merge.ts';
import type { ImportContactsRequest, RowResult } from './import.schema.ts';

/**
 * Imports CSV rows as contacts, one row at a time and independently: each valid row creates the
 * contact or merges into the one with the same normalised email (see importPatch); each invalid row
 * is rejected with its reasons. Safe to re-run: a row that changes nothing is "unchanged".
 */
export async function importContactRows(deps: ContactDeps, request: ImportContactsRequest, actor: Actor): Promise<{ results: RowResult[]; ignoredColumns: string[] }> {
  const ignored = new Set<string>();
  const results: RowResult[] = [];
  for (const { row, fields } of request.rows) {
    const { contact, ignoredColumns } = mapContactCsvRow(fields);
    ignoredColumns.forEach((column) => ignored.add(column));
    const parsed = CreateContactRequest.safeParse(contact);
    if (!parsed.success) {
      results.push({ row, outcome: 'rejected', errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, message: issue.message })) });
      continue;
    }
    results.push({ row, ...(await upsertRow(deps, parsed.data, actor)) });
  }
  return { results, ignoredColumns: [...ignored] };
}

/** Create, or merge into the existing contact; a create that loses a race to a duplicate retries as a merge. */
async function upsertRow(deps: ContactDeps, incoming: CreateContactRequest, actor: Actor, attempt = 0): Promise<Omit<RowResult, 'row'>> {
  try {
    const existingId = await deps.contacts.findIdByEmail(normaliseEmail(incoming.email));
    if (!existingId) {
      const created = await createContact(deps, incoming, actor);
      return { outcome: 'created', contactId: created.id };
    }
    const existing = await getContact(deps, existingId);
    const patch = importPatch(existing, incoming);
    if (!patch) return { outcome: 'unchanged', contactId: existing.id };
    await updateContact(deps, existing.id, patch, actor, existing.version);
    return { outcome: 'updated', contactId: existing.id };
  } catch (error) {
    const raced = error instanceof Conflict || error instanceof NotFound || (error instanceof DomainError && error.status === 412);
    if (raced && attempt < 3) return upsertRow(deps, incoming, actor, attempt + 1);
    if (error instanceof DomainError && error.status < 500) return { outcome: 'rejected', errors: errorsOf(error) };
    throw error;
  }
}

function errorsOf(error: DomainError): FieldError[] {
  return error instanceof ValidationFailed && error.errors.length ? error.errors : [{ pointer: '', message: error.message }];
}
