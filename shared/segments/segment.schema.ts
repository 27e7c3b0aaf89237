import * as z from 'zod';
import { CountryCode, Cursor, Limit, Name, StoredNumber, Ulid, versionedFields } from '../common/fields.ts';
import { numberInput } from '../common/numbers.ts';
import { LifecycleStage } from '../contacts/contact.schema.ts';

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
