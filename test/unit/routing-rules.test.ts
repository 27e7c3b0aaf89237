import { describe, expect, it } from 'vitest';
import {
  decideRouting,
  eligibleReps,
  pickByCapacity,
  pickRoundRobin,
  pickWeighted,
  planRouting,
  regions,
  teamForLead,
  type RoutingCandidate,
} from '#shared/routing/routing.rules.ts';
import { RoutingPolicyInput } from '#shared/routing/routing.schema.ts';

const aRep = (id: string, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  id,
  status: 'active',
  openLoad: 0,
  ...overrides,
});
const ulid = (n: number) => `01J${String(n).padStart(23, '0')}`;
const [emeaTeam, dachTeam, germanyTeam, bavariaTeam, fallbackTeam, usTeam] = [1, 2, 3, 4, 5, 6].map(ulid) as [
  string,
  string,
  string,
  string,
  string,
  string,
];

/** How many times each rep is picked over cursors 1..n. */
function tally(n: number, pick: (cursor: number) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let cursor = 1; cursor <= n; cursor += 1) {
    const id = pick(cursor) ?? 'nobody';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

describe('eligibility', () => {
  it('skips away, inactive and at-capacity reps, but keeps a rep still under capacity', () => {
    const reps = [
      aRep('a'),
      aRep('b', { status: 'away' }),
      aRep('c', { status: 'inactive' }),
      aRep('d', { capacity: 5, openLoad: 5 }),
      aRep('e', { capacity: 5, openLoad: 4 }),
    ];
    expect(eligibleReps(reps).map((rep) => rep.id)).toEqual(['a', 'e']);
    expect(tally(100, (cursor) => pickRoundRobin(reps, cursor))).toEqual({ a: 50, e: 50 });
  });

  it('gives a rep with capacity 0 nothing', () => {
    expect(pickRoundRobin([aRep('a', { capacity: 0 })], 1)).toBeUndefined();
    expect(pickByCapacity([aRep('a', { capacity: 0 }), aRep('b', { openLoad: 9 })])).toBe('b');
  });
});

describe('round-robin', () => {
  it('spreads 1,000 leads over 4 active reps exactly evenly', () => {
    const reps = ['d', 'b', 'a', 'c'].map((id) => aRep(id));
    expect(tally(1000, (cursor) => pickRoundRobin(reps, cursor))).toEqual({ a: 250, b: 250, c: 250, d: 250 });
  });

  it('takes reps in id order, starting from cursor 1', () => {
    const reps = ['c', 'a', 'b'].map((id) => aRep(id));
    expect([1, 2, 3, 4, 5].map((cursor) => pickRoundRobin(reps, cursor))).toEqual(['a', 'b', 'c', 'a', 'b']);
  });
});

describe('weighted', () => {
  const reps = [aRep('a'), aRep('b')];

  it('gives {a:3, b:1} exactly 300/100 over 400 cursors, never b twice in a row', () => {
    const picks = Array.from({ length: 400 }, (_, index) => pickWeighted(reps, { a: 3, b: 1 }, index + 1));
    expect(tally(400, (cursor) => picks[cursor - 1])).toEqual({ a: 300, b: 100 });
    expect(picks.some((id, index) => id === 'b' && picks[index + 1] === 'b')).toBe(false);
  });

  it('honours the weights over every window of sum(weights) cursors, counting an unweighted rep as 1', () => {
    const three = [aRep('a'), aRep('b'), aRep('c')];
    for (let start = 1; start <= 20; start += 1) {
      expect(tally(8, (offset) => pickWeighted(three, { a: 5, b: 2 }, start + offset - 1))).toEqual({
        a: 5,
        b: 2,
        c: 1,
      });
    }
  });

  it('interleaves rather than giving one rep a run', () => {
    expect([1, 2, 3, 4].map((cursor) => pickWeighted(reps, { a: 2, b: 2 }, cursor))).toEqual(['a', 'b', 'a', 'b']);
  });

  it('skips ineligible reps and their weight', () => {
    expect(
      tally(10, (cursor) => pickWeighted([aRep('a', { status: 'away' }), aRep('b')], { a: 9, b: 1 }, cursor)),
    ).toEqual({ b: 10 });
  });
});

describe('capacity', () => {
  it('picks the rep with the fewest open leads', () => {
    expect(pickByCapacity([aRep('a', { openLoad: 3 }), aRep('b', { openLoad: 1 }), aRep('c', { openLoad: 2 })])).toBe(
      'b',
    );
  });

  it('breaks ties by load (openLoad / capacity), then by id', () => {
    expect(pickByCapacity([aRep('a', { openLoad: 2, capacity: 4 }), aRep('b', { openLoad: 2, capacity: 10 })])).toBe(
      'b',
    );
    expect(pickByCapacity([aRep('b', { openLoad: 2, capacity: 4 }), aRep('a', { openLoad: 2, capacity: 4 })])).toBe(
      'a',
    );
  });

  it('never picks a rep at capacity, however few leads they hold', () => {
    expect(pickByCapacity([aRep('a', { openLoad: 1, capacity: 1 }), aRep('b', { openLoad: 7 })])).toBe('b');
  });
});

describe('territories', () => {
  const rules = [
    { territories: ['EMEA'], teamId: emeaTeam },
    { territories: ['DE'], teamId: germanyTeam },
    { territories: ['DACH'], teamId: dachTeam },
    { territories: ['DE-BY'], teamId: bavariaTeam },
  ];

  it('lets a subdivision beat a country beat a region, whatever the rule order', () => {
    for (const territoryRules of [rules, [...rules].reverse()]) {
      expect(teamForLead({ territoryRules }, { country: 'DE', subdivision: 'DE-BY' })).toBe(bavariaTeam);
      expect(teamForLead({ territoryRules }, { country: 'DE', subdivision: 'DE-BE' })).toBe(germanyTeam);
      expect(teamForLead({ territoryRules }, { country: 'FR' })).toBe(emeaTeam);
    }
  });

  it('takes the first rule among equally specific matches', () => {
    expect(
      teamForLead(
        {
          territoryRules: [
            { territories: ['FR'], teamId: emeaTeam },
            { territories: ['FR'], teamId: fallbackTeam },
          ],
        },
        { country: 'FR' },
      ),
    ).toBe(emeaTeam);
  });

  it('prefers the smaller of two matching regions', () => {
    for (const territoryRules of [rules, [...rules].reverse()]) {
      expect(teamForLead({ territoryRules }, { country: 'AT' })).toBe(dachTeam);
    }
  });

  it('reads a bare subdivision within the country, and a country from the subdivision', () => {
    const territoryRules = [
      { territories: ['DE-BY'], teamId: bavariaTeam },
      { territories: ['US'], teamId: usTeam },
    ];
    expect(teamForLead({ territoryRules }, { country: 'de', subdivision: 'BY' })).toBe(bavariaTeam);
    expect(teamForLead({ territoryRules }, { subdivision: 'US-CA' })).toBe(usTeam);
  });

  it('reads NA as North America, not Namibia', () => {
    const territoryRules = [{ territories: ['NA'], teamId: usTeam }];
    expect(teamForLead({ territoryRules }, { country: 'CA' })).toBe(usTeam);
    expect(teamForLead({ territoryRules }, { country: 'NA' })).toBeUndefined();
  });

  it('sends an unmatched lead to the default team, or to the queue without one', () => {
    expect(teamForLead({ territoryRules: rules, defaultTeamId: fallbackTeam }, { country: 'JP' })).toBe(fallbackTeam);
    expect(teamForLead({ territoryRules: rules, defaultTeamId: fallbackTeam }, {})).toBe(fallbackTeam);
    const policy = RoutingPolicyInput.parse({ territoryRules: rules });
    expect(decideRouting({ policy, lead: { country: 'JP' }, teamMembers: () => [aRep('a')], cursor: 1 })).toEqual({
      kind: 'queue',
      reason: 'no-team',
    });
  });

  it('keeps the regions to real country codes, with EMEA, AMER and APAC disjoint and the rest inside them', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    for (const countries of Object.values(regions)) {
      expect(new Set(countries).size).toBe(countries.length);
      expect(countries.filter((code) => names.of(code) === code)).toEqual([]);
    }
    const all = [...regions.EMEA, ...regions.AMER, ...regions.APAC];
    expect(new Set(all).size).toBe(all.length);
    const outside = (small: readonly string[], big: readonly string[]) => small.filter((code) => !big.includes(code));
    expect([
      outside(regions.NA, regions.AMER),
      outside(regions.LATAM, regions.AMER),
      outside(regions.DACH, regions.EMEA),
      outside(regions.NORDICS, regions.EMEA),
    ]).toEqual([[], [], [], []]);
  });
});

describe('routing decisions', () => {
  const [owner, rep1, rep2] = [10, 11, 12].map(ulid) as [string, string, string];
  const team = [aRep(rep1), aRep(rep2)];
  const policy = RoutingPolicyInput.parse({ territoryRules: [{ territories: ['US'], teamId: usTeam }] });
  const usLead = { country: 'US', subdivision: 'US-CA' };
  const decide = (overrides: Partial<Parameters<typeof decideRouting>[0]> = {}) =>
    decideRouting({
      policy,
      lead: usLead,
      teamMembers: (teamId) => (teamId === usTeam ? team : []),
      cursor: 1,
      ...overrides,
    });

  it("gives the lead to the company's active owner, even at capacity", () => {
    expect(decide({ companyOwner: aRep(owner, { capacity: 3, openLoad: 3 }) })).toEqual({
      kind: 'assign',
      ownerId: owner,
      strategy: 'account',
    });
  });

  it('falls through to the team when the company owner is away or account routing is off', () => {
    const viaTeam = { kind: 'assign', ownerId: rep1, strategy: 'round-robin', teamId: usTeam };
    expect(decide({ companyOwner: aRep(owner, { status: 'away' }) })).toEqual(viaTeam);
    expect(decide({ companyOwner: aRep(owner), policy: { ...policy, accountBased: false } })).toEqual(viaTeam);
  });

  it("uses the team's strategy and weights", () => {
    const weighted = RoutingPolicyInput.parse({
      ...policy,
      teamStrategies: { [usTeam]: { strategy: 'weighted', weights: { [rep2]: 3 } } },
    });
    expect(planRouting(weighted, usLead)).toEqual({
      kind: 'team',
      teamId: usTeam,
      strategy: 'weighted',
      weights: { [rep2]: 3 },
    });
    expect(tally(8, (cursor) => (decide({ policy: weighted, cursor }) as { ownerId: string }).ownerId)).toEqual({
      [rep1]: 2,
      [rep2]: 6,
    });
    const byCapacity = { ...policy, teamStrategies: { [usTeam]: { strategy: 'capacity' as const, weights: {} } } };
    expect(
      decide({ policy: byCapacity, teamMembers: () => [aRep(rep1, { openLoad: 4 }), aRep(rep2, { openLoad: 1 })] }),
    ).toMatchObject({ ownerId: rep2, strategy: 'capacity' });
  });

  it('excludes the first owner when reassigning, including as account owner', () => {
    expect(decide({ exclude: [rep1] })).toMatchObject({ kind: 'assign', ownerId: rep2 });
    expect(decide({ exclude: [rep1], cursor: 2 })).toMatchObject({ kind: 'assign', ownerId: rep2 });
    expect(decide({ companyOwner: aRep(owner), exclude: [owner] })).toMatchObject({
      kind: 'assign',
      ownerId: rep1,
      teamId: usTeam,
    });
  });

  it('queues the lead for its team when no rep is eligible', () => {
    const unavailable = [aRep(rep1, { status: 'away' }), aRep(rep2, { capacity: 1, openLoad: 1 })];
    expect(decide({ teamMembers: () => unavailable })).toEqual({
      kind: 'queue',
      reason: 'no-eligible-rep',
      teamId: usTeam,
    });
    expect(decide({ exclude: [rep1, rep2] })).toEqual({ kind: 'queue', reason: 'no-eligible-rep', teamId: usTeam });
  });
});

describe('routing policy validation', () => {
  it('fills in defaults', () => {
    expect(RoutingPolicyInput.parse({})).toEqual({ accountBased: true, territoryRules: [], teamStrategies: {} });
    expect(RoutingPolicyInput.parse({ teamStrategies: { [usTeam]: {} } }).teamStrategies[usTeam]).toEqual({
      strategy: 'round-robin',
      weights: {},
    });
  });

  it('rejects a territory listed in two rules, naming it', () => {
    const result = RoutingPolicyInput.safeParse({
      territoryRules: [
        { territories: ['DE', 'AT'], teamId: dachTeam },
        { territories: ['FR', 'DE'], teamId: emeaTeam },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'territoryRules.1.territories: territory "DE" is already in rule 0',
    ]);
  });

  it('allows a territory repeated within one rule', () => {
    expect(
      RoutingPolicyInput.safeParse({ territoryRules: [{ territories: ['DE', 'DE'], teamId: dachTeam }] }).success,
    ).toBe(true);
  });
});
