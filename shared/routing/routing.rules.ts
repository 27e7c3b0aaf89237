import { isRegionName, regionSizeIfIncludes } from './regions.ts';
import type { RoutingPolicyInput, RoutingStrategy, TeamRouting } from './routing.schema.ts';

export { regions, type RegionName } from './regions.ts';

/**
 * A rep (or support agent) as routing sees them. `openLoad` is the open work that counts against `capacity`,
 * loaded by the caller: open leads when routing leads, open tickets when routing tickets.
 */
export interface RoutingCandidate {
  id: string;
  status: 'active' | 'away' | 'inactive';
  capacity?: number;
  openLoad: number;
}

/** Where a lead is, e.g. country 'US', subdivision 'US-CA' (a bare 'CA' is read within the country). */
export interface LeadLocation {
  country?: string;
  subdivision?: string;
}

/** The policy fields routing reads; a stored RoutingPolicy fits. */
export type RoutingRules = Pick<
  RoutingPolicyInput,
  'accountBased' | 'territoryRules' | 'defaultTeamId' | 'teamStrategies'
>;

export type RoutingPlan =
  | { kind: 'account'; ownerId: string }
  | { kind: 'team'; teamId: string; strategy: RoutingStrategy; weights: Record<string, number> }
  | { kind: 'queue'; reason: 'no-team' };

export type RoutingDecision =
  | { kind: 'assign'; ownerId: string; strategy: 'account' | RoutingStrategy; teamId?: string }
  | { kind: 'queue'; reason: 'no-team' | 'no-eligible-rep'; teamId?: string };

const defaultTeamRouting: TeamRouting = { strategy: 'round-robin', weights: {} };
const byId = (a: RoutingCandidate, b: RoutingCandidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Maps a 1-based, ever-growing cursor onto 0..count-1. */
const slot = (cursor: number, count: number) => (((Math.trunc(cursor) - 1) % count) + count) % count;

function normalise(lead: LeadLocation): { country?: string; subdivision?: string } {
  const country = lead.country?.trim().toUpperCase() || undefined;
  const raw = lead.subdivision?.trim().toUpperCase() || undefined;
  const subdivision = raw && !raw.includes('-') && country ? `${country}-${raw}` : raw;
  return { country: country ?? subdivision?.split('-')[0], subdivision };
}

/** How specifically a territory names the lead's place (0 subdivision, 1 country, 2+ region by size); undefined if not at all. */
function specificity(territory: string, place: { country?: string; subdivision?: string }): number | undefined {
  if (isRegionName(territory)) {
    const size = place.country ? regionSizeIfIncludes(territory, place.country) : undefined;
    return size === undefined ? undefined : 2 + size;
  }
  if (territory === place.subdivision) return 0;
  return territory === place.country ? 1 : undefined;
}

/** The team a lead belongs to: the rule naming its place most specifically (subdivision, then country, then the smallest region; then rule order), else the default team. */
export function teamForLead(
  policy: Pick<RoutingPolicyInput, 'territoryRules' | 'defaultTeamId'>,
  lead: LeadLocation,
): string | undefined {
  const place = normalise(lead);
  let best: { rank: number; teamId: string } | undefined;
  for (const rule of policy.territoryRules) {
    for (const territory of rule.territories) {
      const rank = specificity(territory, place);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { rank, teamId: rule.teamId };
    }
  }
  return best?.teamId ?? policy.defaultTeamId;
}

/** Reps who may take a lead now: active and under capacity (absent capacity = no cap; 0 = takes none), sorted by id. */
export function eligibleReps(candidates: readonly RoutingCandidate[]): RoutingCandidate[] {
  return candidates
    .filter((rep) => rep.status === 'active' && (rep.capacity === undefined || rep.openLoad < rep.capacity))
    .sort(byId);
}

/** Round-robin over eligible reps by id: cursor n (1, 2, 3, ...) picks rep (n - 1) mod count. */
export function pickRoundRobin(candidates: readonly RoutingCandidate[], cursor: number): string | undefined {
  const reps = eligibleReps(candidates);
  return reps.length === 0 ? undefined : reps[slot(cursor, reps.length)]?.id;
}

/**
 * Weighted round-robin (nginx's smooth algorithm): every sum(weights) consecutive cursors give each eligible rep
 * exactly its weight, interleaved rather than in runs. A rep without a weight counts 1; weights below 1 get nothing.
 */
export function pickWeighted(
  candidates: readonly RoutingCandidate[],
  weights: Readonly<Record<string, number>>,
  cursor: number,
): string | undefined {
  const reps = eligibleReps(candidates)
    .map((rep) => ({ id: rep.id, weight: Math.floor(weights[rep.id] ?? 1), current: 0 }))
    .filter((rep) => rep.weight >= 1);
  const total = reps.reduce((sum, rep) => sum + rep.weight, 0);
  if (total === 0) return undefined;
  let picked: (typeof reps)[number] | undefined;
  for (let step = slot(cursor, total); step >= 0; step -= 1) {
    picked = undefined;
    for (const rep of reps) {
      rep.current += rep.weight;
      if (picked === undefined || rep.current > picked.current) picked = rep;
    }
    if (picked) picked.current -= total;
  }
  return picked?.id;
}

/** The eligible rep with the least open work (leads or tickets); ties go to the lowest load (openLoad / capacity), then the lowest id. */
export function pickByCapacity(candidates: readonly RoutingCandidate[]): string | undefined {
  const load = (rep: RoutingCandidate) => (rep.capacity === undefined ? 0 : rep.openLoad / rep.capacity);
  const [first] = eligibleReps(candidates).sort((a, b) => a.openLoad - b.openLoad || load(a) - load(b) || byId(a, b));
  return first?.id;
}

/** The rep a team's strategy picks now, leaving out `exclude`; undefined when nobody is eligible. */
export function pickFromTeam(
  strategy: RoutingStrategy,
  weights: Readonly<Record<string, number>>,
  members: readonly RoutingCandidate[],
  cursor: number,
  exclude: readonly string[] = [],
): string | undefined {
  const candidates = members.filter((rep) => !exclude.includes(rep.id));
  switch (strategy) {
    case 'round-robin':
      return pickRoundRobin(candidates, cursor);
    case 'weighted':
      return pickWeighted(candidates, weights, cursor);
    case 'capacity':
      return pickByCapacity(candidates);
  }
}

/**
 * The first half of a decision, before anything is loaded: the company's active owner (capacity does not block an
 * account owner), else the lead's team with its strategy (the caller loads members, and a cursor unless 'capacity'), else the queue.
 */
export function planRouting(
  policy: RoutingRules,
  lead: LeadLocation,
  companyOwner?: RoutingCandidate,
  exclude: readonly string[] = [],
): RoutingPlan {
  if (policy.accountBased && companyOwner?.status === 'active' && !exclude.includes(companyOwner.id)) {
    return { kind: 'account', ownerId: companyOwner.id };
  }
  const teamId = teamForLead(policy, lead);
  if (teamId === undefined) return { kind: 'queue', reason: 'no-team' };
  const { strategy, weights } = policy.teamStrategies[teamId] ?? defaultTeamRouting;
  return { kind: 'team', teamId, strategy, weights };
}

/** Who gets a lead: the account owner, else a rep of the lead's team by its strategy, else the fallback queue. */
export function decideRouting(input: {
  policy: RoutingRules;
  lead: LeadLocation;
  companyOwner?: RoutingCandidate;
  teamMembers: (teamId: string) => readonly RoutingCandidate[];
  cursor: number;
  exclude?: readonly string[];
}): RoutingDecision {
  const exclude = input.exclude ?? [];
  const plan = planRouting(input.policy, input.lead, input.companyOwner, exclude);
  if (plan.kind === 'account') return { kind: 'assign', ownerId: plan.ownerId, strategy: 'account' };
  if (plan.kind === 'queue') return plan;
  const ownerId = pickFromTeam(plan.strategy, plan.weights, input.teamMembers(plan.teamId), input.cursor, exclude);
  return ownerId === undefined
    ? { kind: 'queue', reason: 'no-eligible-rep', teamId: plan.teamId }
    : { kind: 'assign', ownerId, strategy: plan.strategy, teamId: plan.teamId };
}
