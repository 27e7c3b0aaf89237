import * as z from 'zod';
import { roles } from '../auth/principal.ts';
import { Owner } from './owner.schema.ts';

/** Who is calling, as GET /me tells the console (and any client) which controls to offer. */
export const Caller = z.object({
  kind: z.enum(['user', 'client', 'system']).meta({ description: 'a signed-in user or a machine client' }),
  /** Cognito `sub` of the user, or the client id. */
  subject: z.string(),
  /** The user's name in the user pool, when the token carries it. */
  username: z.string().optional(),
  roles: z.array(z.enum(roles)),
  /**
   * True for a sales rep (sales, and neither admin nor marketing): the API lets them change only records
   * they own, so a client should offer edit controls only on those.
   */
  limitedToOwnRecords: z.boolean(),
  /**
   * True for a sales rep or a support agent (and neither admin nor marketing): they work tickets assigned to
   * them or to nobody, and every ticket of a team whose manager they are.
   */
  limitedToOwnTickets: z.boolean(),
  /** The owner record linked to the user (its `userId`); a sales rep acts as it. Absent when none is linked. */
  ownerId: z.string().optional(),
  owner: Owner.optional(),
});
export type Caller = z.infer<typeof Caller>;
