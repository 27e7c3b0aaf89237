import {
  lifecycleStages,
  type Contact,
  type CreateContactRequest,
  type UpdateContactRequest,
} from '../contacts/contact.schema.ts';
import { mergeImported } from '../common/merge-rule.ts';

const stageRank = (stage: string) =>
  stage === 'other' ? -1 : lifecycleStages.indexOf(stage as (typeof lifecycleStages)[number]);

/**
 * What an imported row changes on an existing contact (same normalised email, whose spelling is
 * kept): the shared merge rule (see mergeImported), plus: the lifecycle stage only moves forward in
 * the funnel, and a company and an original creation date are only set when the contact has none. Undefined when nothing changes.
 */
export function importPatch(existing: Contact, incoming: CreateContactRequest): UpdateContactRequest | undefined {
  const { lifecycleStage, companyId, originalCreatedAt, ...rest } = incoming;
  const patch = mergeImported(existing, rest, [
    'firstName',
    'lastName',
    'phone',
    'jobTitle',
    'companyName',
    'country',
    'timeZone',
  ]);
  if (stageRank(lifecycleStage) > stageRank(existing.lifecycleStage)) patch.lifecycleStage = lifecycleStage;
  if (companyId && !existing.companyId) patch.companyId = companyId;
  if (originalCreatedAt && !existing.originalCreatedAt) patch.originalCreatedAt = originalCreatedAt;
  return Object.keys(patch).length ? (patch as UpdateContactRequest) : undefined;
}
