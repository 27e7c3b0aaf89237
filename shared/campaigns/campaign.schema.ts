import * as z from 'zod';
import { Cursor, IntegerText, Limit, Ulid, versionedFields } from '../common/fields.ts';
import { CampaignDefinitionShape, EnrollmentTrigger } from './campaign-definition.schema.ts';

export const campaignStatuses = ['draft', 'active', 'paused', 'archived'] as const;

/**
 * A campaign: the draft marketing edits, and the number of the version last published. Published
 * versions are immutable, so editing and publishing again never changes a running enrollment's journey.
 */
export const Campaign = z.object({
  ...versionedFields,
  name: z.string(),
  status: z.enum(campaignStatuses),
  draft: CampaignDefinitionShape,
  publishedVersion: z.number().int().positive().optional(),
  publishedAt: z.string().optional(),
  /** The published version's trigger: what enrolls contacts now (the draft's may differ until it is published). */
  liveTrigger: EnrollmentTrigger.optional(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignVersion = z.object({
  campaignId: z.string(),
  number: z.number().int().positive(),
  definition: CampaignDefinitionShape,
  publishedAt: z.string(),
  publishedBy: z.string(),
  /**
   * Since when its step counters count every move of its enrollments: its publication. Absent on a
   * version published before the counters existed (they count from the first move after that).
   */
  stepCountsSince: z.string().optional(),
});
export type CampaignVersion = z.infer<typeof CampaignVersion>;

/** A published version without its definition: what a list of versions shows (open one for its definition). */
export const CampaignVersionSummary = z.object({
  campaignId: z.string(),
  number: z.number().int().positive(),
  /** The campaign's name in that version. */
  name: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
});
export type CampaignVersionSummary = z.infer<typeof CampaignVersionSummary>;

export const CampaignId = z.object({ campaignId: Ulid });
export const CampaignVersionPath = z.object({ campaignId: Ulid, number: IntegerText(1) });
export const ListCampaignsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const ListCampaignVersionsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });

/** Status changes a user may ask for; publishing is its own action. */
export const ChangeCampaignStatusRequest = z.strictObject({ status: z.enum(['active', 'paused', 'archived']) });
export type ChangeCampaignStatusRequest = z.infer<typeof ChangeCampaignStatusRequest>;

export const PreviewRequest = z.strictObject({
  stepId: z.string().min(1).max(64),
  /** Which A/B variant; absent = the first. */
  variantId: z.string().min(1).max(64).optional(),
  /** Render for this contact; absent = a sample contact with every field filled. */
  contactId: Ulid.optional(),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const EmailPreview = z.object({
  stepId: z.string(),
  variantId: z.string().optional(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
});
