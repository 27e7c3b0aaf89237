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
  await requireNamedTeamsExist(deps.teams, input);
  return replaceSettings(deps.routingPolicy, input, deps.context, expectedVersion);
}

/** Refuses a policy (lead or support) naming a team that does not exist, with a pointer to each such name. */
export async function requireNamedTeamsExist(
  teams: TeamRepository,
  policy: Pick<RoutingPolicyInput, 'territoryRules' | 'defaultTeamId' | 'teamStrategies'>,
): Promise<void> {
  const named = [
    ...policy.territoryRules.map((rule, index) => ({
      teamId: rule.teamId,
      pointer: `/territoryRules/${index}/teamId`,
    })),
    ...(policy.defaultTeamId ? [{ teamId: policy.defaultTeamId, pointer: '/defaultTeamId' }] : []),
    ...Object.keys(policy.teamStrategies).map((teamId) => ({ teamId, pointer: `/teamStrategies/${teamId}` })),
  ];
  const missing = [];
  for (const reference of named) if (!(await teams.get(reference.teamId))) missing.push(reference);
  if (missing.length)
    throw new ValidationFailed(
      'The policy names teams that do not exist.',
      missing.map(({ teamId, pointer }) => ({ pointer, message: `no team ${teamId}` })),
    );
}
