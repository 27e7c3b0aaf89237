import type { AppContext } from '../context.ts';
import { ValidationFailed } from '../errors.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { replaceSettings } from '../settings/settings.service.ts';
import type { RoutingPolicy, RoutingPolicyInput } from './routing.schema.ts';

export interface RoutingPolicyDeps {
  routingPolicy: SettingsRepository<RoutingPolicy>;
  teams: TeamRepository;
  context: AppContext;
}

/** Saves the policy after checking every team it names exists, so no lead is routed to a team that is not there. */
export async function saveRoutingPolicy(
  deps: RoutingPolicyDeps,
  input: RoutingPolicyInput,
  expectedVersion?: number,
): Promise<RoutingPolicy> {
  const named = [
    ...input.territoryRules.map((rule, index) => ({ teamId: rule.teamId, pointer: `/territoryRules/${index}/teamId` })),
    ...(input.defaultTeamId ? [{ teamId: input.defaultTeamId, pointer: '/defaultTeamId' }] : []),
    ...Object.keys(input.teamStrategies).map((teamId) => ({ teamId, pointer: `/teamStrategies/${teamId}` })),
  ];
  const missing = [];
  for (const reference of named) if (!(await deps.teams.get(reference.teamId))) missing.push(reference);
  if (missing.length)
    throw new ValidationFailed(
      'The policy names teams that do not exist.',
      missing.map(({ teamId, pointer }) => ({ pointer, message: `no team ${teamId}` })),
    );
  return replaceSettings(deps.routingPolicy, input, deps.context, expectedVersion);
}
