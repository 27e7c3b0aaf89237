import type { Actor } from '../auth/actor.ts';
import { assertExpectedVersion, writeVersioned } from '../common/guards.ts';
import type { ContactRepository } from '../contacts/contact.repository.ts';
import type { AppContext } from '../context.ts';
import { isoNow } from '../context.ts';
import type { Page } from '../db/pagination.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { domainEvent } from '../events/catalog.ts';
import type { FormRepository } from '../forms/form.repository.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { SegmentRepository } from '../segments/segment.repository.ts';
import { stampNew } from '../versioned.ts';
import type { CampaignDefinition } from './campaign-definition.schema.ts';
import { statusAfterPublish, statusChangeRefusal } from './campaign-status.rules.ts';
import type { CampaignRepository } from './campaign.repository.ts';
import * as z from 'zod';
import type {
  Campaign,
  CampaignVersion,
  CampaignVersionSummary,
  ChangeCampaignStatusRequest,
} from './campaign.schema.ts';

export interface CampaignDeps {
  campaigns: CampaignRepository;
  segments: SegmentRepository;
  forms: FormRepository;
  contacts: ContactRepository;
  owners: OwnerRepository;
  context: AppContext;
}

const eventMeta = (context: AppContext) => ({ id: context.newId(), occurredAt: isoNow(context) });

/** A new campaign, in draft: nothing runs until it is published. */
export async function createCampaign(deps: CampaignDeps, definition: CampaignDefinition): Promise<Campaign> {
  const campaign: Campaign = stampNew(
    { name: definition.name, status: 'draft' as const, draft: definition },
    deps.context,
  );
  await deps.campaigns.create(campaign);
  return campaign;
}

export async function getCampaign(deps: Pick<CampaignDeps, 'campaigns'>, campaignId: string): Promise<Campaign> {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw new NotFound(`There is no campaign ${campaignId}.`);
  return campaign;
}

export function listCampaigns(
  deps: Pick<CampaignDeps, 'campaigns'>,
  query: { limit: number; cursor?: string },
): Promise<Page<Campaign>> {
  return deps.campaigns.listAll(query.limit, query.cursor);
}

export async function getCampaignVersion(
  deps: Pick<CampaignDeps, 'campaigns'>,
  campaignId: string,
  number: number,
): Promise<CampaignVersion> {
  const version = await deps.campaigns.getVersion(campaignId, number);
  if (!version) throw new NotFound(`Campaign ${campaignId} has no published version ${number}.`);
  return version;
}

const VersionCursor = z.strictObject({ before: z.number().int().min(2) });

/**
 * A campaign's published versions, newest first, a page at a time. Versions are numbered 1, 2, 3... without
 * gaps, so the cursor is the number to continue below.
 */
export async function listCampaignVersions(
  deps: Pick<CampaignDeps, 'campaigns'>,
  campaignId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<CampaignVersionSummary>> {
  const campaign = await getCampaign(deps, campaignId);
  const newest = campaign.publishedVersion ?? 0;
  const from = query.cursor === undefined ? newest : decodeVersionCursor(query.cursor, newest) - 1;
  if (from < 1) return { items: [] };
  const to = Math.max(1, from - query.limit + 1);
  const items = await deps.campaigns.listVersionSummaries(campaignId, from, to);
  return {
    items,
    ...(to > 1 ? { nextCursor: Buffer.from(JSON.stringify({ before: to })).toString('base64url') } : {}),
  };
}

function decodeVersionCursor(cursor: string, newest: number): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = VersionCursor.safeParse(decoded);
  if (!parsed.success || parsed.data.before > newest)
    throw new ValidationFailed('The cursor is not valid for this listing.', [
      { pointer: '/cursor', message: 'not a cursor returned by this listing' },
    ]);
  return parsed.data.before;
}

/** Replaces the draft. Running enrollments are untouched: they follow the version they started on. */
export async function replaceDraft(
  deps: CampaignDeps,
  campaignId: string,
  definition: CampaignDefinition,
  expectedVersion?: number,
): Promise<Campaign> {
  const before = await getCampaign(deps, campaignId);
  assertExpectedVersion(before, expectedVersion, 'campaign');
  if (before.status === 'archived') throw new Conflict('An archived campaign cannot be edited.');
  const after: Campaign = {
    ...before,
    name: definition.name,
    draft: definition,
    version: before.version + 1,
    updatedAt: isoNow(deps.context),
  };
  await writeVersioned(() => deps.campaigns.update(before, after), 'campaign', expectedVersion);
  return after;
}

/**
 * Publishes the draft as the next immutable version, once every segment and form it names exists.
 * New enrollments use it; running ones keep theirs.
 */
export async function publishCampaign(
  deps: CampaignDeps,
  campaignId: string,
  actor: Actor,
  expectedVersion?: number,
): Promise<Campaign> {
  const before = await getCampaign(deps, campaignId);
  assertExpectedVersion(before, expectedVersion, 'campaign');
  if (before.status === 'archived') throw new Conflict('An archived campaign cannot be published.');
  await requireReferencedRecords(deps, before.draft);
  const number = (before.publishedVersion ?? 0) + 1;
  const publishedAt = isoNow(deps.context);
  const after: Campaign = {
    ...before,
    status: statusAfterPublish(before.status),
    publishedVersion: number,
    publishedAt,
    liveTrigger: before.draft.trigger,
    version: before.version + 1,
    updatedAt: publishedAt,
  };
  const version: CampaignVersion = {
    campaignId,
    number,
    definition: before.draft,
    publishedAt,
    publishedBy: actor.principal.subject,
    stepCountsSince: publishedAt,
  };
  const event = domainEvent(
    'Campaign Published',
    { campaignId, campaignVersion: number, status: after.status },
    eventMeta(deps.context),
  );
  await writeVersioned(() => deps.campaigns.publish(before, after, version, event), 'campaign', expectedVersion);
  return after;
}

/** Pauses (enrollments hold where they are), resumes or archives a campaign. */
export async function changeCampaignStatus(
  deps: CampaignDeps,
  campaignId: string,
  request: ChangeCampaignStatusRequest,
  expectedVersion?: number,
): Promise<Campaign> {
  const before = await getCampaign(deps, campaignId);
  assertExpectedVersion(before, expectedVersion, 'campaign');
  if (before.status === request.status) return before;
  const refusal = statusChangeRefusal(before, request.status);
  if (refusal) throw new Conflict(`The campaign is ${before.status}: ${refusal}.`);
  const after: Campaign = {
    ...before,
    status: request.status,
    version: before.version + 1,
    updatedAt: isoNow(deps.context),
  };
  const event = domainEvent(
    'Campaign Status Changed',
    { campaignId, from: before.status, to: request.status },
    eventMeta(deps.context),
  );
  await writeVersioned(() => deps.campaigns.update(before, after, [event]), 'campaign', expectedVersion);
  return after;
}

/** One email of the draft rendered for a contact (or the sample contact), exactly as it would be sent. */
async function requireReferencedRecords(deps: CampaignDeps, definition: CampaignDefinition): Promise<void> {
  const references: { pointer: string; kind: 'segment' | 'form'; id: string }[] = [];
  if (definition.trigger.type === 'segment')
    references.push({ pointer: '/draft/trigger/segmentId', kind: 'segment', id: definition.trigger.segmentId });
  if (definition.trigger.type === 'form')
    references.push({ pointer: '/draft/trigger/formId', kind: 'form', id: definition.trigger.formId });
  definition.steps.forEach((step, i) => {
    if ((step.type === 'branch' || step.type === 'goal') && step.condition.kind === 'in-segment')
      references.push({
        pointer: `/draft/steps/${i}/condition/segmentId`,
        kind: 'segment',
        id: step.condition.segmentId,
      });
  });
  if (definition.goal?.kind === 'in-segment')
    references.push({ pointer: '/draft/goal/segmentId', kind: 'segment', id: definition.goal.segmentId });
  const missing = [];
  for (const reference of references) {
    const found =
      reference.kind === 'segment' ? await deps.segments.get(reference.id) : await deps.forms.get(reference.id);
    if (!found) missing.push(reference);
  }
  if (missing.length)
    throw new ValidationFailed(
      'The campaign names records that do not exist.',
      missing.map(({ pointer, kind, id }) => ({ pointer, message: `no ${kind} ${id}` })),
    );
}
