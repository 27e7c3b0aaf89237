import * as z from 'zod';
import { Cursor, Email, Limit, Name, TimeZone, Ulid, versionedFields } from '../common/fields.ts';

export const ownerStatuses = ['active', 'away', 'inactive'] as const;

/** A territory: a country ("DE"), a subdivision ("US-CA") or a named region ("EMEA"). */
export const Territory = z
  .string()
  .regex(
    /^[A-Z]{2}(-[A-Z0-9]{1,3})?$|^[A-Z][A-Z0-9_]{1,31}$/,
    'use a country code (DE), a subdivision (US-CA) or a region name (EMEA)',
  );

const ownerFields = {
  name: Name(),
  email: Email,
  timeZone: TimeZone.default('UTC'),
  territories: z.array(Territory).max(50).default([]),
  /** Most open leads the rep takes before routing skips them; absent = no cap. */
  capacity: z.number().int().min(0).max(100_000).optional(),
  status: z.enum(ownerStatuses).default('active'),
  teamId: Ulid.optional(),
  /** The Cognito user (sub) this rep signs in as; links a token to the rep's records. */
  userId: z.string().min(1).max(128).optional(),
};

export const CreateOwnerRequest = z.strictObject(ownerFields);
export type CreateOwnerRequest = z.infer<typeof CreateOwnerRequest>;

export const UpdateOwnerRequest = z
  .strictObject({
    name: ownerFields.name.optional(),
    email: ownerFields.email.optional(),
    timeZone: TimeZone.optional(),
    territories: z.array(Territory).max(50).optional(),
    capacity: ownerFields.capacity.nullable(),
    status: z.enum(ownerStatuses).optional(),
    teamId: ownerFields.teamId.nullable(),
    userId: ownerFields.userId.nullable(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateOwnerRequest = z.infer<typeof UpdateOwnerRequest>;

export const Owner = z.object({
  ...versionedFields,
  name: z.string(),
  email: z.string(),
  timeZone: z.string(),
  territories: z.array(z.string()),
  capacity: z.number().int().optional(),
  status: z.enum(ownerStatuses),
  teamId: z.string().optional(),
  userId: z.string().optional(),
});
export type Owner = z.infer<typeof Owner>;

export const OwnerId = z.object({ ownerId: Ulid });
export const ListOwnersQuery = z.strictObject({
  teamId: Ulid.optional(),
  territory: Territory.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});
export type ListOwnersQuery = z.infer<typeof ListOwnersQuery>;

export const CreateTeamRequest = z.strictObject({
  name: Name(100),
  description: z.string().trim().max(1000).optional(),
  managerOwnerId: Ulid.optional(),
});
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;

export const UpdateTeamRequest = z
  .strictObject({
    name: Name(100).optional(),
    description: z.string().trim().max(1000).nullable().optional(),
    managerOwnerId: Ulid.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes nothing' });
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequest>;

export const Team = z.object({
  ...versionedFields,
  name: z.string(),
  description: z.string().optional(),
  managerOwnerId: z.string().optional(),
});
export type Team = z.infer<typeof Team>;

export const TeamId = z.object({ teamId: Ulid });
export const ListTeamsQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
