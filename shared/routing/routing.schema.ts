import * as z from 'zod';
import { Ulid, versionedFields } from '../common/fields.ts';
import { Territory } from '../owners/owner.schema.ts';

export const routingStrategies = ['round-robin', 'weighted', 'capacity'] as const;
export const RoutingStrategy = z.enum(routingStrategies);
export type RoutingStrategy = z.infer<typeof RoutingStrategy>;

/** How one team shares its leads. `weights` (ownerId → weight, absent member = 1) only matter for 'weighted'. */
export const TeamRouting = z.strictObject({
  strategy: RoutingStrategy.default('round-robin'),
  weights: z.record(Ulid, z.number().int().min(1).max(100)).default({}),
});
export type TeamRouting = z.infer<typeof TeamRouting>;

export const TerritoryRule = z.strictObject({ territories: z.array(Territory).min(1).max(300), teamId: Ulid });
export type TerritoryRule = z.infer<typeof TerritoryRule>;

const policyFields = {
  /** A lead whose company already has an active owner goes to that owner. */
  accountBased: z.boolean().default(true),
  territoryRules: z.array(TerritoryRule).max(100).default([]),
  /** The team for leads no territory rule matches; absent = such leads wait in the fallback queue. */
  defaultTeamId: Ulid.optional(),
  /** Per team; a team without an entry uses round-robin. */
  teamStrategies: z.record(Ulid, TeamRouting).default({}),
};

/** Refuses a territory named by two rules, so rule order never hides a rule (lead and support policies alike). */
export function eachTerritoryInOneRule(policy: { territoryRules: TerritoryRule[] }, ctx: z.RefinementCtx): void {
  const ruleOf = new Map<string, number>();
  policy.territoryRules.forEach((rule, index) => {
    for (const territory of new Set(rule.territories)) {
      const earlier = ruleOf.get(territory);
      if (earlier === undefined) ruleOf.set(territory, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['territoryRules', index, 'territories'],
          message: `territory "${territory}" is already in rule ${earlier}`,
        });
    }
  });
}

/** The lead-routing policy an admin sets. A territory may appear in one rule only, so rule order never hides a rule. */
export const RoutingPolicyInput = z.strictObject(policyFields).superRefine(eachTerritoryInOneRule);
export type RoutingPolicyInput = z.infer<typeof RoutingPolicyInput>;

/** The stored policy: a singleton, so its id is always 'current'. */
export const RoutingPolicy = z.object({ ...versionedFields, id: z.literal('current'), ...policyFields });
export type RoutingPolicy = z.infer<typeof RoutingPolicy>;
