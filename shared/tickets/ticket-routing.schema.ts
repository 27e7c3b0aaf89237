import * as z from 'zod';
import { Ulid, versionedFields } from '../common/fields.ts';
import { eachTerritoryInOneRule, TeamRouting, TerritoryRule } from '../routing/routing.schema.ts';

const supportPolicyFields = {
  /** The customer's country (or region) → the support team that serves it; the most specific rule wins. */
  territoryRules: z.array(TerritoryRule).max(100).default([]),
  /** The team for tickets no territory rule matches; absent = such tickets wait unassigned. */
  defaultTeamId: Ulid.optional(),
  /**
   * Per support team: `round-robin`, `weighted`, or `capacity` (the agent with the fewest open tickets);
   * a team without an entry uses round-robin.
   */
  teamStrategies: z.record(Ulid, TeamRouting).default({}),
};

/**
 * How tickets created without an assignee are routed to support agents: the lead policy's territories and
 * team strategies, for support teams. A territory may appear in one rule only.
 */
export const SupportRoutingPolicyInput = z.strictObject(supportPolicyFields).superRefine(eachTerritoryInOneRule);
export type SupportRoutingPolicyInput = z.infer<typeof SupportRoutingPolicyInput>;

/** The stored policy: a singleton, so its id is always 'current'. */
export const SupportRoutingPolicy = z.object({ ...versionedFields, id: z.literal('current'), ...supportPolicyFields });
export type SupportRoutingPolicy = z.infer<typeof SupportRoutingPolicy>;
