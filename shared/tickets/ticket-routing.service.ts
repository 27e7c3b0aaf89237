import type { AppContext } from '../context.ts';
import type { OwnerRepository } from '../owners/owner.repository.ts';
import type { TeamRepository } from '../owners/team.repository.ts';
import { requireNamedTeamsExist } from '../routing/routing-policy.service.ts';
import type { RoutingCursorRepository } from '../routing/routing-cursor.repository.ts';
import type { RoutingCandidate } from '../routing/routing.rules.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import { readSettings, replaceSettings } from '../settings/settings.service.ts';
import type { RoutedAssignee, TicketRepository } from './ticket.repository.ts';
import {
  pickTicketAgent,
  planTicketRouting,
  type SupportRoutingRules,
  type TicketRoutingDecision,
} from './ticket-routing.rules.ts';
import type { SupportRoutingPolicy, SupportRoutingPolicyInput } from './ticket-routing.schema.ts';

export interface TicketRoutingDeps {
  tickets: TicketRepository;
  owners: OwnerRepository;
  teams: TeamRepository;
  supportRoutingPolicy: SettingsRepository<SupportRoutingPolicy>;
  routingCursors: RoutingCursorRepository;
  context: AppContext;
}

/** Without a saved policy no team is routed: every ticket without an assignee waits in the unassigned queue. */
const noPolicy: SupportRoutingRules = { territoryRules: [], teamStrategies: {} };

/**
 * Who a new ticket without an assignee goes to, by the support routing policy: its team (the one it was
 * opened for, else by the customer's country, else the default team), then an active agent of that team
 * under capacity by the team's strategy, counting each agent's open tickets from their counter (one small
 * read per agent, however many tickets there are). `exclude` leaves out agents found full since.
 * `routed` is what the ticket's transaction must check: the agent's capacity, on their counter.
 */
export async function routeNewTicket(
  deps: TicketRoutingDeps,
  ticket: { teamId?: string; country?: string },
  exclude: readonly string[] = [],
): Promise<{ decision: TicketRoutingDecision; routed?: RoutedAssignee }> {
  const policy: SupportRoutingRules = (await deps.supportRoutingPolicy.get()) ?? noPolicy;
  const plan = planTicketRouting(policy, ticket);
  if (plan.kind === 'queue') return { decision: plan };
  const members = await deps.owners.allInTeam(plan.teamId);
  const active = members.filter((member) => member.status === 'active');
  const openTickets = await deps.tickets.openTicketCounts(active.map((member) => member.id));
  const candidates: RoutingCandidate[] = members.map((member) => ({
    id: member.id,
    status: member.status,
    ...(member.capacity !== undefined ? { capacity: member.capacity } : {}),
    openLoad: openTickets.get(member.id) ?? 0,
  }));
  const cursor = plan.strategy === 'capacity' ? 0 : await deps.routingCursors.next(plan.teamId, 'tickets');
  const decision = pickTicketAgent(plan, candidates, cursor, exclude);
  if (decision.kind === 'queue') return { decision };
  const capacity = members.find((member) => member.id === decision.assigneeId)?.capacity;
  return { decision, routed: { ownerId: decision.assigneeId, ...(capacity !== undefined ? { capacity } : {}) } };
}

export function readSupportRoutingPolicy(deps: Pick<TicketRoutingDeps, 'supportRoutingPolicy'>) {
  return readSettings(deps.supportRoutingPolicy, 'support routing policy');
}

/** Saves the support routing policy after checking every team it names exists. */
export async function saveSupportRoutingPolicy(
  deps: Pick<TicketRoutingDeps, 'supportRoutingPolicy' | 'teams' | 'context'>,
  input: SupportRoutingPolicyInput,
  expectedVersion?: number,
): Promise<SupportRoutingPolicy> {
  await requireNamedTeamsExist(deps.teams, input);
  return replaceSettings(deps.supportRoutingPolicy, input, deps.context, expectedVersion);
}
