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

/**
 * An email's templates as the editor has them, perhaps unfinished (an empty part renders as empty): the preview
 * and the test send render these instead of the saved draft's, so what is on the screen is what is shown.
 */
export const EmailContentBeingEdited = z.strictObject({
  subject: z.string().max(300),
  html: z.string().max(200_000),
  text: z.string().max(100_000),
});

export const PreviewRequest = z.strictObject({
  stepId: z.string().min(1).max(64),
  /** Which A/B variant; absent = the first. */
  variantId: z.string().min(1).max(64).optional(),
  /** Render for this contact; absent = a sample contact with every field filled. */
  contactId: Ulid.optional(),
  /** Render these templates (the editor's, unsaved) instead of the draft's; the step need not be saved yet. */
  content: EmailContentBeingEdited.optional(),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

/** A test send is rendered as a preview is: the same step, variant, contact (or sample) and unsaved templates. */
export const TestSendRequest = PreviewRequest;
export type TestSendRequest = PreviewRequest;

/** A mail header as it goes out. */
const MailHeader = z.object({ name: z.string(), value: z.string() });

export const EmailPreview = z.object({
  stepId: z.string(),
  variantId: z.string().optional(),
  /** The subject line as it goes out (one header line). */
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** The From header campaign mail carries. */
  from: z.string(),
  /** Whom it would go to: the contact's address, or the sample contact's. */
  to: z.string(),
  /** Where replies go, when the stage receives them. */
  replyTo: z.string().optional(),
  /** The unsubscribe link as templates see it: the real address, with a token that unsubscribes nobody (a real send signs one per contact). */
  unsubscribeUrl: z.string(),
  /** The headers campaign mail adds: List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click). */
  headers: z.array(MailHeader),
});
export type EmailPreview = z.infer<typeof EmailPreview>;

export const TestSendReceipt = z.object({
  /** The signed-in user's own address: a test never goes to the contact. */
  to: z.string(),
  from: z.string(),
  /** The subject as sent, with its test mark. */
  subject: z.string(),
  stepId: z.string(),
  variantId: z.string().optional(),
  /** The contact whose data it was rendered with; absent = the sample contact. */
  contactId: z.string().optional(),
  sentAt: z.string(),
});
export type TestSendReceipt = z.infer<typeof TestSendReceipt>;
