import { pickFromTeam, teamForLead, type RoutingCandidate } from '../routing/routing.rules.ts';
import type { RoutingStrategy } from '../routing/routing.schema.ts';
import type { SupportRoutingPolicyInput } from './ticket-routing.schema.ts';
import { isUnfinishedTicket } from './ticket-pipeline.ts';

/** The policy fields ticket routing reads; a stored SupportRoutingPolicy fits. */
export type SupportRoutingRules = Pick<
  SupportRoutingPolicyInput,
  'territoryRules' | 'defaultTeamId' | 'teamStrategies'
>;

/**
 * Why a ticket was left in the unassigned queue: no team serves it, its team is not one the support routing
 * policy routes (a sales team, say: its tickets wait for someone to take them), or nobody in its team can
 * take it now.
 */
export type TicketQueueReason = 'no-team' | 'team-not-routed' | 'no-eligible-agent';

export type TicketRoutingPlan =
  | { kind: 'team'; teamId: string; strategy: RoutingStrategy; weights: Record<string, number> }
  | { kind: 'queue'; reason: 'no-team' | 'team-not-routed'; teamId?: string };

export type TicketRoutingDecision =
  | { kind: 'assign'; assigneeId: string; teamId: string; strategy: RoutingStrategy }
  | { kind: 'queue'; reason: TicketQueueReason; teamId?: string };

/**
 * The team a new ticket goes to: the one it was opened for, else the support team serving the customer's
 * country (the lead policy's territory rules: subdivision, then country, then the smallest region), else
 * the policy's default team; with that team's strategy. No team, or a team the policy does not route: the
 * unassigned queue.
 */
export function planTicketRouting(
  policy: SupportRoutingRules,
  ticket: { teamId?: string; country?: string },
): TicketRoutingPlan {
  const teamId = ticket.teamId ?? teamForLead(policy, ticket.country ? { country: ticket.country } : {});
  if (teamId === undefined) return { kind: 'queue', reason: 'no-team' };
  if (!routedTeams(policy).has(teamId)) return { kind: 'queue', reason: 'team-not-routed', teamId };
  const { strategy, weights } = policy.teamStrategies[teamId] ?? { strategy: 'round-robin' as const, weights: {} };
  return { kind: 'team', teamId, strategy, weights };
}

/** The support teams the policy routes tickets in: those it gives a strategy, its territory rules' and its default. */
function routedTeams(policy: SupportRoutingRules): Set<string> {
  return new Set([
    ...Object.keys(policy.teamStrategies),
    ...policy.territoryRules.map((rule) => rule.teamId),
    ...(policy.defaultTeamId ? [policy.defaultTeamId] : []),
  ]);
}

/**
 * The agent a team's strategy picks among its members (`openLoad` = their open tickets), leaving out those
 * in `exclude` (found full since they were read); the queue when nobody active is under capacity.
 */
export function pickTicketAgent(
  plan: Extract<TicketRoutingPlan, { kind: 'team' }>,
  members: readonly RoutingCandidate[],
  cursor: number,
  exclude: readonly string[] = [],
): TicketRoutingDecision {
  const assigneeId = pickFromTeam(plan.strategy, plan.weights, members, cursor, exclude);
  return assigneeId === undefined
    ? { kind: 'queue', reason: 'no-eligible-agent', teamId: plan.teamId }
    : { kind: 'assign', assigneeId, teamId: plan.teamId, strategy: plan.strategy };
}

type Counted = { assigneeId?: string; statusKind: string };

/** The agent whose open-ticket count a ticket adds to: its assignee while it is unfinished. */
const openTicketOf = (ticket: Counted | undefined) =>
  ticket?.assigneeId !== undefined && isUnfinishedTicket(ticket.statusKind) ? ticket.assigneeId : undefined;

/**
 * What a ticket's write changes in its agents' open-ticket counters: -1 for the agent it stops counting for
 * (reassigned, resolved, closed, erased), +1 for the one it starts counting for (assigned, reopened).
 */
export function openTicketDeltas(
  before: Counted | undefined,
  after: Counted | undefined,
): { ownerId: string; delta: 1 | -1 }[] {
  const [was, is] = [openTicketOf(before), openTicketOf(after)];
  if (was === is) return [];
  return [...(was ? [{ ownerId: was, delta: -1 as const }] : []), ...(is ? [{ ownerId: is, delta: 1 as const }] : [])];
}
