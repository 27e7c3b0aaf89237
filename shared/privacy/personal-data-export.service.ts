import type { SuppressionRepository } from '../campaigns/suppression.repository.ts';
import { isoNow, type AppContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { readContactFootprint, type FootprintDeps } from './contact-footprint.ts';
import type { PersonalDataExport } from './personal-data.schema.ts';

export interface PersonalDataExportDeps extends FootprintDeps {
  suppressions: SuppressionRepository;
  context: AppContext;
}

/** Everything Relay holds about the contact, in one document (GDPR access and portability). */
export async function exportPersonalData(deps: PersonalDataExportDeps, contactId: string): Promise<PersonalDataExport> {
  const { contact, partitionItems: _raw, ...held } = await readContactFootprint(deps, contactId);
  if (!contact) throw new NotFound(`There is no contact ${contactId}.`);
  const suppression = await deps.suppressions.get(contact.emailNormalised);
  return { contactId, exportedAt: isoNow(deps.context), contact, ...held, ...(suppression ? { suppression } : {}) };
}
