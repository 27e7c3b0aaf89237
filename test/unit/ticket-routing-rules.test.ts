import { describe, expect, it } from 'vitest';
import { contactAsSeenBy } from '#shared/contacts/contact-visibility.rules.ts';
import { CreateFormRequest } from '#shared/forms/form.schema.ts';
import { actsAsTicketAgent } from '#shared/auth/policy.ts';
import { openTicketDeltas, pickTicketAgent, planTicketRouting } from '#shared/tickets/ticket-routing.rules.ts';
import { aContact } from '../support/builders.ts';

const user = (...roles: ('admin' | 'marketing' | 'sales' | 'support')[]) => ({
  kind: 'user' as const,
  subject: 'u',
  roles,
});

describe('planning a ticket’s route', () => {
  const policy = {
    territoryRules: [
      { territories: ['IR'], teamId: 'TEAM-IR' },
      { territories: ['EMEA'], teamId: 'TEAM-EMEA' },
    ],
    defaultTeamId: 'TEAM-ALL',
    teamStrategies: { 'TEAM-IR': { strategy: 'capacity' as const, weights: {} } },
  };

  it('keeps the team a ticket was opened for, else takes the most specific territory, else the default team', () => {
    expect(planTicketRouting(policy, { teamId: 'TEAM-X', country: 'IR' })).toMatchObject({ teamId: 'TEAM-X' });
    expect(planTicketRouting(policy, { country: 'IR' })).toMatchObject({ teamId: 'TEAM-IR', strategy: 'capacity' });
    expect(planTicketRouting(policy, { country: 'AE' })).toMatchObject({
      teamId: 'TEAM-EMEA',
      strategy: 'round-robin',
    });
    expect(planTicketRouting(policy, { country: 'KR' })).toMatchObject({ teamId: 'TEAM-ALL' });
    expect(planTicketRouting({ ...policy, defaultTeamId: undefined }, {})).toEqual({
      kind: 'queue',
      reason: 'no-team',
    });
  });

  it('queues a ticket when nobody active is under capacity, naming the team', () => {
    const plan = { kind: 'team' as const, teamId: 'T', strategy: 'round-robin' as const, weights: {} };
    const members = [
      { id: 'A', status: 'active' as const, capacity: 2, openLoad: 2 },
      { id: 'B', status: 'away' as const, openLoad: 0 },
    ];
    expect(pickTicketAgent(plan, members, 1)).toEqual({ kind: 'queue', reason: 'no-eligible-agent', teamId: 'T' });
    expect(pickTicketAgent(plan, [...members, { id: 'C', status: 'active', openLoad: 9 }], 1)).toEqual({
      kind: 'assign',
      assigneeId: 'C',
      teamId: 'T',
      strategy: 'round-robin',
    });
    expect(pickTicketAgent(plan, [{ id: 'C', status: 'active', openLoad: 0 }], 1, ['C'])).toMatchObject({
      kind: 'queue',
    });
  });
});

describe('open-ticket counter deltas', () => {
  it('counts an unfinished assigned ticket for its assignee, and moves the count as the ticket moves', () => {
    expect(openTicketDeltas(undefined, { assigneeId: 'A', statusKind: 'new' })).toEqual([{ ownerId: 'A', delta: 1 }]);
    expect(openTicketDeltas(undefined, { statusKind: 'new' })).toEqual([]);
    expect(openTicketDeltas({ assigneeId: 'A', statusKind: 'open' }, { assigneeId: 'B', statusKind: 'open' })).toEqual([
      { ownerId: 'A', delta: -1 },
      { ownerId: 'B', delta: 1 },
    ]);
    expect(
      openTicketDeltas({ assigneeId: 'A', statusKind: 'open' }, { assigneeId: 'A', statusKind: 'waiting' }),
    ).toEqual([]);
    expect(
      openTicketDeltas({ assigneeId: 'A', statusKind: 'open' }, { assigneeId: 'A', statusKind: 'resolved' }),
    ).toEqual([{ ownerId: 'A', delta: -1 }]);
    expect(
      openTicketDeltas({ assigneeId: 'A', statusKind: 'resolved' }, { assigneeId: 'A', statusKind: 'open' }),
    ).toEqual([{ ownerId: 'A', delta: 1 }]);
    expect(
      openTicketDeltas({ assigneeId: 'A', statusKind: 'resolved' }, { assigneeId: 'A', statusKind: 'closed' }),
    ).toEqual([]);
    expect(openTicketDeltas({ assigneeId: 'A', statusKind: 'open' }, undefined)).toEqual([{ ownerId: 'A', delta: -1 }]);
  });
});

describe('the support role', () => {
  it('works tickets as an agent unless the user is also admin or marketing', () => {
    expect(actsAsTicketAgent(user('support'))).toBe(true);
    expect(actsAsTicketAgent(user('sales'))).toBe(true);
    expect(actsAsTicketAgent(user('support', 'admin'))).toBe(false);
    expect(actsAsTicketAgent(user('support', 'marketing'))).toBe(false);
  });

  it('sees a contact without the lead score and the lead’s routing assignment, unless another role shows them', () => {
    const contact = {
      ...aContact({ email: 'reza@example.ir' }),
      leadScore: {
        score: 40,
        grade: 'B' as const,
        scoredAt: '2026-11-01T09:00:00.000Z',
        modelVersion: 1,
        explanation: [],
      },
      assignment: { ownerId: 'O', assignedAt: '2026-11-01T09:00:00.000Z', strategy: 'round-robin' as const },
    };
    const seen = contactAsSeenBy(user('support'), contact as never);
    expect(seen).not.toHaveProperty('leadScore');
    expect(seen).not.toHaveProperty('assignment');
    expect(seen).toMatchObject({ email: 'reza@example.ir' });
    expect(contactAsSeenBy(user('support', 'sales'), contact as never)).toHaveProperty('leadScore');
  });
});

describe('form kinds', () => {
  const base = { name: 'Help', fieldMapping: { email: 'email', subject: 'ticket.subject', message: 'ticket.message' } };

  it('takes a support form that maps a subject and a message, and refuses one that does not', () => {
    expect(CreateFormRequest.parse({ ...base, kind: 'support' }).kind).toBe('support');
    const missing = CreateFormRequest.safeParse({ ...base, kind: 'support', fieldMapping: { email: 'email' } });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.message)).toEqual([
      'a support form maps one form field to ticket.subject',
      'a support form maps one form field to ticket.message',
    ]);
  });

  it('keeps ticket fields out of lead forms, which stay the default kind', () => {
    const lead = CreateFormRequest.safeParse(base);
    expect(lead.success).toBe(false);
    expect(lead.error?.issues[0]?.path).toEqual(['fieldMapping', 'subject']);
    expect(CreateFormRequest.parse({ name: 'Guide', fieldMapping: { email: 'email' } }).kind).toBe('lead');
  });
});
