import * as z from 'zod';
import { CountryCode, Cursor, Limit, Name, StoredNumber, Ulid, versionedFields } from '../common/fields.ts';
import { numberInput } from '../common/numbers.ts';
import { consentStatuses, Contact, LifecycleStage } from '../contacts/contact.schema.ts';

const FieldName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/)
  .max(64);
const Scalar = z.union([z.string().max(1000), StoredNumber, z.boolean()]);

export const CustomFieldCondition = z.discriminatedUnion('op', [
  z.strictObject({ field: FieldName, op: z.enum(['eq', 'neq']), value: Scalar }),
  z.strictObject({ field: FieldName, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: numberInput(StoredNumber) }),
  z.strictObject({ field: FieldName, op: z.literal('contains'), value: z.string().min(1).max(1000) }),
  z.strictObject({ field: FieldName, op: z.enum(['exists', 'not_exists']) }),
]);
export type CustomFieldCondition = z.infer<typeof CustomFieldCondition>;

/** Every given criterion must hold (AND); a list inside a criterion matches any of its values (OR). */
export const SegmentFilter = z
  .strictObject({
    lifecycleStages: z.array(LifecycleStage).min(1).max(8).optional(),
    ownerIds: z.array(Ulid).min(1).max(50).optional(),
    companyId: Ulid.optional(),
    countries: z.array(CountryCode).min(1).max(250).optional(),
    tagsAll: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    tagsAny: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    scoreMin: numberInput(StoredNumber).optional(),
    scoreMax: numberInput(StoredNumber).optional(),
    customFields: z.array(CustomFieldCondition).min(1).max(20).optional(),
    /** The contact's marketing consent status is one of these (`granted`: those marketing email may go to). */
    consentStatuses: z.array(z.enum(consentStatuses)).min(1).max(4).optional(),
    createdFrom: z.iso.datetime().optional(),
    createdTo: z.iso.datetime().optional(),
    updatedFrom: z.iso.datetime().optional(),
    updatedTo: z.iso.datetime().optional(),
  })
  .refine((f) => f.scoreMin === undefined || f.scoreMax === undefined || f.scoreMin <= f.scoreMax, {
    message: 'scoreMin is above scoreMax',
    path: ['scoreMin'],
  })
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, {
    message: 'createdFrom is after createdTo',
    path: ['createdFrom'],
  })
  .refine((f) => !f.updatedFrom || !f.updatedTo || f.updatedFrom <= f.updatedTo, {
    message: 'updatedFrom is after updatedTo',
    path: ['updatedFrom'],
  });
export type SegmentFilter = z.infer<typeof SegmentFilter>;

export const CreateSegmentRequest = z.strictObject({
  name: Name(100),
  description: z.string().trim().max(1000).optional(),
  filter: SegmentFilter,
});
export type CreateSegmentRequest = z.infer<typeof CreateSegmentRequest>;

export const UpdateSegmentRequest = z
  .strictObject({
    name: Name(100).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    filter: SegmentFilter.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateSegmentRequest = z.infer<typeof UpdateSegmentRequest>;

export const Segment = z.object({
  ...versionedFields,
  name: z.string(),
  description: z.string().optional(),
  filter: SegmentFilter,
});
export type Segment = z.infer<typeof Segment>;

export const SegmentId = z.object({ segmentId: Ulid });
export const ListSegmentsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const SegmentMembersQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export type SegmentMembersQuery = z.infer<typeof SegmentMembersQuery>;

/** A count too big for one request, run by the segment-count workflow. */
export interface SegmentCountJob {
  segmentId: string;
  segmentVersion: number;
  startedAt: string;
}

export const StoredSegmentCount = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('counting'),
    segmentId: z.string(),
    segmentVersion: z.number(),
    startedAt: z.string(),
    examined: z.number(),
    plan: z.string(),
  }),
  z.object({
    status: z.literal('done'),
    segmentId: z.string(),
    segmentVersion: z.number(),
    startedAt: z.string(),
    count: z.number(),
    examined: z.number(),
    plan: z.string(),
    countedAt: z.string(),
  }),
]);
export type StoredSegmentCount = z.infer<typeof StoredSegmentCount>;

/** `GET /segments/{id}/count`: a finished count (200), or one still running in the background (202). */
export const SegmentCount = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    count: z.number(),
    examined: z.number().describe('Contacts read from the index to find the members'),
    plan: z.string().describe('The index the segment is read from'),
    countedAt: z.string().describe('When the count was taken (now, unless it was a background count)'),
  }),
  z.object({
    status: z.literal('counting'),
    examined: z.number().describe('Contacts read so far'),
    plan: z.string(),
    startedAt: z.string(),
  }),
]);
export type SegmentCount = z.infer<typeof SegmentCount>;
/** `POST /segments/preview`: criteria not saved yet, and how many of their first members to show. */
export const SegmentPreviewRequest = z.strictObject({
  filter: SegmentFilter,
  sampleSize: z.number().int().min(0).max(25).default(10),
});
export type SegmentPreviewRequest = z.infer<typeof SegmentPreviewRequest>;

/**
 * What unsaved criteria select, from one request's read of their index (at most 5,000 contacts): the count
 * when that read the whole index range (`done`), else how many matched among those read (`partial`; saving
 * the segment counts the rest in the background), and the first members, newest first.
 */
export const SegmentPreview = z.object({
  status: z.enum(['done', 'partial']),
  count: z.number().describe('Members found: all of them when done, among the contacts examined when partial'),
  examined: z.number().describe('Contacts read from the index to find the members'),
  plan: z.string().describe('The index the segment is read from'),
  sample: z.array(Contact).describe('The first members, newest first'),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentCountQuery = z.strictObject({
  refresh: z.enum(['true', 'false']).optional().describe('Start a new background count even if a recent one exists'),
});
