import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { Page } from '../db/pagination.ts';
import { readAll } from '../db/pagination.ts';
import { NotFound } from '../errors.ts';
import { campaignMessageKey } from './campaign-step.service.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import type { ContactEnrollment, ContactEnrollmentsQuery } from './contact-enrollments.schema.ts';
import type { EnrollmentRepository } from './enrollment.repository.ts';
import type { Enrollment } from './enrollment.schema.ts';

export interface ContactEnrollmentDeps {
  contacts: ContactRepository;
  campaigns: CampaignRepository;
  enrollments: EnrollmentRepository;
}

/** A page of the contact's campaign enrollments, newest first, each with its campaign's name and the emails it sent. */
export async function contactEnrollments(
  deps: ContactEnrollmentDeps,
  contactId: string,
  query: ContactEnrollmentsQuery,
): Promise<Page<ContactEnrollment>> {
  const contact = await deps.contacts.get(contactId);
  if (!contact) throw new NotFound(`There is no contact ${contactId}.`);
  const page = await deps.enrollments.listByContact(contactId, query.limit, query.cursor);
  const campaignIds = [...new Set(page.items.map((enrollment) => enrollment.campaignId))];
  const campaigns = new Map(
    (await Promise.all(campaignIds.map((id) => deps.campaigns.get(id)))).flatMap((campaign) =>
      campaign ? [[campaign.id, campaign.name] as const] : [],
    ),
  );
  return {
    items: page.items.map((enrollment) => asContactEnrollment(enrollment, campaigns.get(enrollment.campaignId))),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

function asContactEnrollment(enrollment: Enrollment, campaignName: string | undefined): ContactEnrollment {
  return {
    campaignId: enrollment.campaignId,
    ...(campaignName !== undefined ? { campaignName } : {}),
    campaignVersion: enrollment.campaignVersion,
    run: enrollment.run,
    status: enrollment.status,
    ...(enrollment.stepId ? { currentStepId: enrollment.stepId } : {}),
    enrolledAt: enrollment.enrolledAt,
    ...(enrollment.nextRunAt ? { nextRunAt: enrollment.nextRunAt } : {}),
    ...(enrollment.endedAt ? { endedAt: enrollment.endedAt } : {}),
    ...(enrollment.endReason ? { endReason: enrollment.endReason } : {}),
    emailsSent: enrollment.sent.length,
    sends: enrollment.sent.map((sent) => ({ ...sent, messageKey: campaignMessageKey(enrollment, sent.stepId) })),
  };
}

/**
 * Indexes by contact the enrollments stored before that index existed (`npm run report -- rebuild`):
 * walks every campaign's enrollments through the campaign index, never a Scan. Without `apply` it only counts.
 */
export async function rebuildEnrollmentContactIndex(
  deps: Pick<ContactEnrollmentDeps, 'campaigns' | 'enrollments'>,
  options: { apply: boolean },
): Promise<{ unindexed: number; indexed: number }> {
  let unindexed = 0;
  let indexed = 0;
  for (const campaign of await readAll((cursor) => deps.campaigns.listAll(100, cursor))) {
    const missing = await readAll((cursor) => deps.enrollments.listUnindexedByContact(campaign.id, 100, cursor));
    unindexed += missing.length;
    if (!options.apply) continue;
    for (const enrollment of missing) if (await deps.enrollments.indexByContact(enrollment)) indexed++;
  }
  return { unindexed, indexed };
}
