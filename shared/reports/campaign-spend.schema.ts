import * as z from 'zod';
import { StoredNumber } from '../common/fields.ts';

/** Money spent on a campaign on one day, as `POST /campaigns/{id}/spend` takes it (the console checks with it too). */
export const RecordSpendRequest = z.strictObject({
  amount: StoredNumber.positive().max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'),
  /** The day the money was spent (the KPI day it counts on). */
  date: z.iso.date(),
  note: z.string().trim().max(500).optional(),
});
export type RecordSpendRequest = z.infer<typeof RecordSpendRequest>;

export const CampaignSpend = z.object({
  ...RecordSpendRequest.shape,
  id: z.string(),
  campaignId: z.string(),
  recordedAt: z.string(),
});
export type CampaignSpend = z.infer<typeof CampaignSpend>;
