import * as z from 'zod';
import { Cursor, Limit, Name, StoredNumber, Ulid, versionedFields } from '../common/fields.ts';
import { numberInput } from '../common/numbers.ts';

export const dealTypes = ['new_business', 'renewal', 'expansion'] as const;
export const dealStatuses = ['open', 'won', 'lost'] as const;

const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"');
const CalendarDate = z.iso.date();
const Amount = numberInput(StoredNumber.nonnegative().max(1e13));

export const CreateDealRequest = z.strictObject({
  name: Name(),
  pipelineId: Ulid,
  /** An open stage of the pipeline; defaults to its first stage. */
  stageId: z.string().max(40).optional(),
  amount: Amount.default(0).meta({ description: 'default 0; a number, or text in digits of any script (۱۲٬۵۰۰٫۷۵)' }),
  currency: Currency.default('EUR'),
  closeDate: CalendarDate.optional(),
  type: z.enum(dealTypes).default('new_business'),
  ownerId: Ulid.optional(),
  contactId: Ulid.optional(),
  companyId: Ulid.optional(),
});
export type CreateDealRequest = z.infer<typeof CreateDealRequest>;

/** Everything but the stage, which moves through its own endpoint so every move is recorded. */
export const UpdateDealRequest = z
  .strictObject({
    name: Name().optional(),
    amount: Amount.optional(),
    currency: Currency.optional(),
    closeDate: CalendarDate.nullable().optional(),
    type: z.enum(dealTypes).optional(),
    ownerId: Ulid.nullable().optional(),
    contactId: Ulid.nullable().optional(),
    companyId: Ulid.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateDealRequest = z.infer<typeof UpdateDealRequest>;

export const MoveDealRequest = z.strictObject({
  stageId: z.string().max(40),
  /** Why the deal was won or lost; required when moving to the lost stage. */
  reason: z.string().trim().min(1).max(500).optional(),
});
export type MoveDealRequest = z.infer<typeof MoveDealRequest>;

export const Deal = z.object({
  ...versionedFields,
  name: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  status: z.enum(dealStatuses),
  probability: z.number(),
  amount: z.number(),
  currency: z.string(),
  closeDate: z.string().optional(),
  type: z.enum(dealTypes),
  ownerId: z.string().optional(),
  contactId: z.string().optional(),
  companyId: z.string().optional(),
  stageEnteredAt: z.string(),
  wonAt: z.string().optional(),
  lostAt: z.string().optional(),
  closeReason: z.string().optional(),
});
export type Deal = z.infer<typeof Deal>;

export const StageChange = z.object({
  dealId: z.string(),
  fromStageId: z.string().optional(),
  toStageId: z.string(),
  at: z.string(),
  reason: z.string().optional(),
  byPrincipal: z.string(),
});
export type StageChange = z.infer<typeof StageChange>;

export const DealId = z.object({ dealId: Ulid });
export const ListDealsQuery = z
  .strictObject({
    ownerId: Ulid.optional(),
    pipelineId: Ulid.optional(),
    stageId: z.string().max(40).optional(),
    companyId: Ulid.optional(),
    contactId: Ulid.optional(),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => Boolean(q.pipelineId) === Boolean(q.stageId), {
    message: 'pipelineId and stageId go together',
    path: ['stageId'],
  })
  .refine((q) => [q.ownerId, q.pipelineId, q.companyId, q.contactId].filter(Boolean).length === 1, {
    message: 'filter by exactly one of ownerId, pipelineId+stageId, companyId or contactId',
    path: ['ownerId'],
  });
export type ListDealsQuery = z.infer<typeof ListDealsQuery>;

export const WonDealsQuery = z
  .strictObject({ from: z.iso.date(), to: z.iso.date(), limit: Limit, cursor: Cursor.optional() })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type WonDealsQuery = z.infer<typeof WonDealsQuery>;
