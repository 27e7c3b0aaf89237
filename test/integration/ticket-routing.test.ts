import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { Forbidden, ValidationFailed } from '#shared/errors.ts';
import type { EventDetail } from '#shared/events/catalog.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { CreateTeamRequest, type Owner, type Team } from '#shared/owners/owner.schema.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import { SupportRoutingPolicyInput } from '#shared/tickets/ticket-routing.schema.ts';
import { saveSupportRoutingPolicy } from '#shared/tickets/ticket-routing.service.ts';
import { CreateTicketRequest, ListTicketsQuery, type Ticket } from '#shared/tickets/ticket.schema.ts';
import {
  addTicketMessage,
  createTicket,
  listTickets,
  moveTicket,
  updateTicket,
} from '#shared/tickets/ticket.service.ts';
import { aContactRequest, anAdmin, anOwnerRequest, aSupportAgent } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
let table: TableRef;
let outbox: OutboxRepository;
let contact: Contact;
beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  outbox = new OutboxRepository(table);
  contact = await createContact(deps, aContactRequest({ email: 'parisa@example.ir', country: 'IR' }), anAdmin());
});

/** A support team of agents (created in order, so their ids sort in that order), with its strategy saved in the policy. */
async function aSupportTeam(
  agents: { capacity?: number; status?: 'active' | 'away' }[],
  strategy: 'round-robin' | 'capacity' = 'round-robin',
  policy: Partial<SupportRoutingPolicyInput> = {},
): Promise<{ team: Team; agents: Owner[] }> {
  const team = await createTeam(deps, CreateTeamRequest.parse({ name: `Care ${Math.random()}` }));
  const members: Owner[] = [];
  for (const agent of agents) members.push(await createOwner(deps, anOwnerRequest({ ...agent, teamId: team.id })));
  await saveSupportRoutingPolicy(
    deps,
    SupportRoutingPolicyInput.parse({ teamStrategies: { [team.id]: { strategy } }, ...policy }),
  );
  return { team, agents: members };
}

const aTicketFor = (teamId: string | undefined, overrides: Record<string, unknown> = {}) =>
  CreateTicketRequest.parse({
    subject: 'سفارشم نرسیده',
    contactId: contact.id,
    ...(teamId ? { teamId } : {}),
    ...overrides,
  });
const openTickets = async (ownerIds: string[]) => [...(await deps.tickets.openTicketCounts(ownerIds)).values()];
const eventOf = async <T extends 'Ticket Created' | 'Ticket Assigned'>(type: T, ticketId: string) =>
  (await outbox.listPending(5000)).find(
    (event) => event.detailType === type && 'ticketId' in event.detail && event.detail.ticketId === ticketId,
  )?.detail as EventDetail<T> | undefined;

describe('routing a ticket created without an assignee', () => {
  it('shares a team’s tickets round-robin in the order of the agents’ ids, and says so in Ticket Assigned', async () => {
    const { team, agents } = await aSupportTeam([{}, {}, {}]);
    const tickets: Ticket[] = [];
    for (let index = 0; index < 6; index++) tickets.push(await createTicket(deps, aTicketFor(team.id), anAdmin()));
    const [a, b, c] = agents.map((agent) => agent.id);
    expect(tickets.map((ticket) => ticket.assigneeId)).toEqual([a, b, c, a, b, c]);
    expect(await eventOf('Ticket Assigned', tickets[0]!.id)).toMatchObject({
      assigneeId: a,
      teamId: team.id,
      strategy: 'round-robin',
    });
    expect(await openTickets([a!, b!, c!])).toEqual([2, 2, 2]);
  });

  it('gives a ticket to the agent with the fewest open tickets under the capacity strategy', async () => {
    const { team, agents } = await aSupportTeam([{}, {}], 'capacity');
    const [busy, free] = agents.map((agent) => agent.id) as [string, string];
    for (let index = 0; index < 2; index++)
      await createTicket(deps, aTicketFor(team.id, { assigneeId: busy }), anAdmin());
    const routed = [];
    for (let index = 0; index < 3; index++)
      routed.push((await createTicket(deps, aTicketFor(team.id), anAdmin())).assigneeId);
    // free takes two to draw level (0→1→2), then the tie goes to the lower id: busy.
    expect(routed).toEqual([free, free, busy]);
    expect(await openTickets([busy, free])).toEqual([3, 2]);
  });

  it('skips agents at capacity or away, leaves the ticket unassigned in its team when nobody can take it, and routes again once a ticket is resolved', async () => {
    const { team, agents } = await aSupportTeam([{ capacity: 1 }, { capacity: 1 }, { status: 'away' }]);
    const [first, second] = agents.map((agent) => agent.id) as [string, string];
    const one = await createTicket(deps, aTicketFor(team.id), anAdmin());
    const two = await createTicket(deps, aTicketFor(team.id), anAdmin());
    expect([one.assigneeId, two.assigneeId]).toEqual([first, second]);

    const waiting = await createTicket(deps, aTicketFor(team.id), anAdmin());
    expect(waiting).toMatchObject({ teamId: team.id });
    expect(waiting.assigneeId).toBeUndefined();
    expect(await eventOf('Ticket Created', waiting.id)).toMatchObject({ queuedBecause: 'no-eligible-agent' });
    const unassigned = await listTickets(deps, ListTicketsQuery.parse({ unassigned: 'true', limit: '100' }));
    expect(unassigned.items.map((ticket) => ticket.id)).toContain(waiting.id);

    // Resolving takes the ticket off its agent's count in the same write: the next ticket can go to them.
    await moveTicket(deps, one.id, { statusId: 'resolved' }, anAdmin());
    expect(await openTickets([first, second])).toEqual([0, 1]);
    expect((await createTicket(deps, aTicketFor(team.id), anAdmin())).assigneeId).toBe(first);
    // Reopening counts it again, and handing a ticket over moves the count.
    await moveTicket(deps, one.id, { statusId: 'open' }, anAdmin());
    expect(await openTickets([first, second])).toEqual([2, 1]);
    await updateTicket(deps, two.id, { assigneeId: first }, anAdmin());
    expect(await openTickets([first, second])).toEqual([3, 0]);
  });

  it('never lets tickets routed at the same moment overfill an agent: the capacity is checked on the counter in the ticket’s transaction', async () => {
    const { team, agents } = await aSupportTeam([{ capacity: 3 }, { capacity: 3 }], 'capacity');
    const tickets = await Promise.all(
      Array.from({ length: 10 }, () => createTicket(deps, aTicketFor(team.id), anAdmin())),
    );
    const assigned = tickets.filter((ticket) => ticket.assigneeId !== undefined);
    expect(assigned).toHaveLength(6);
    expect(await openTickets(agents.map((agent) => agent.id))).toEqual([3, 3]);
    for (const agent of agents) expect(assigned.filter((ticket) => ticket.assigneeId === agent.id)).toHaveLength(3);
  });

  it('finds the team by the customer’s country, else the default team, else leaves the ticket in the unassigned queue (no-team)', async () => {
    const regional = await aSupportTeam([{}]);
    const fallback = await createTeam(deps, CreateTeamRequest.parse({ name: 'Fallback care' }));
    const fallbackAgent = await createOwner(deps, anOwnerRequest({ teamId: fallback.id }));
    await saveSupportRoutingPolicy(
      deps,
      SupportRoutingPolicyInput.parse({
        territoryRules: [{ territories: ['IR'], teamId: regional.team.id }],
        defaultTeamId: fallback.id,
      }),
    );
    expect(await createTicket(deps, aTicketFor(undefined), anAdmin())).toMatchObject({
      teamId: regional.team.id,
      assigneeId: regional.agents[0]!.id,
    });
    const elsewhere = await createContact(deps, aContactRequest({ email: 'kim@example.kr', country: 'KR' }), anAdmin());
    expect(await createTicket(deps, aTicketFor(undefined, { contactId: elsewhere.id }), anAdmin())).toMatchObject({
      teamId: fallback.id,
      assigneeId: fallbackAgent.id,
    });

    await saveSupportRoutingPolicy(deps, SupportRoutingPolicyInput.parse({}));
    const nowhere = await createTicket(deps, aTicketFor(undefined), anAdmin());
    expect(nowhere.assigneeId).toBeUndefined();
    expect(nowhere.teamId).toBeUndefined();
    expect(await eventOf('Ticket Created', nowhere.id)).toMatchObject({ queuedBecause: 'no-team' });
  });

  it('leaves a ticket created with an assignee with that assignee (a manual assignment), counted against them', async () => {
    const { team, agents } = await aSupportTeam([{ capacity: 0 }, {}]);
    const chosen = agents[0]!.id;
    const ticket = await createTicket(deps, aTicketFor(team.id, { assigneeId: chosen }), anAdmin());
    expect(ticket.assigneeId).toBe(chosen);
    expect(await eventOf('Ticket Assigned', ticket.id)).toMatchObject({ strategy: 'manual' });
    expect(await openTickets([chosen])).toEqual([1]);
  });

  it('takes an erased contact’s open tickets off their agents’ counts', async () => {
    const { team, agents } = await aSupportTeam([{}]);
    const leaving = await createContact(deps, aContactRequest({ email: 'leaving@example.ir' }), anAdmin());
    await createTicket(deps, aTicketFor(team.id, { contactId: leaving.id }), anAdmin());
    expect(await openTickets([agents[0]!.id])).toEqual([1]);
    await eraseContact(deps, leaving.id);
    expect(await openTickets([agents[0]!.id])).toEqual([0]);
  });

  it('refuses a policy that names a team that does not exist, pointing at it', async () => {
    const missing = '01JDEMTEAM0000000000MSS1NG';
    const refused = saveSupportRoutingPolicy(deps, SupportRoutingPolicyInput.parse({ defaultTeamId: missing }));
    await expect(refused).rejects.toThrow(ValidationFailed);
    await expect(refused).rejects.toMatchObject({ errors: [{ pointer: '/defaultTeamId' }] });
  });
});

describe('who works a ticket', () => {
  it('lets a support agent take an unassigned ticket and work their own, but not another agent’s', async () => {
    const { team, agents } = await aSupportTeam([{ capacity: 0 }, { capacity: 0 }]);
    const [sam, dara] = agents.map((agent) => agent.id) as [string, string];
    const waiting = await createTicket(deps, aTicketFor(team.id), anAdmin());
    expect(waiting.assigneeId).toBeUndefined();
    const taken = await updateTicket(deps, waiting.id, { assigneeId: sam }, aSupportAgent(sam));
    expect(taken.assigneeId).toBe(sam);
    await addTicketMessage(deps, waiting.id, { kind: 'outbound', body: 'در حال بررسی هستیم' }, aSupportAgent(sam));
    await expect(
      addTicketMessage(deps, waiting.id, { kind: 'note', body: 'mine now' }, aSupportAgent(dara)),
    ).rejects.toThrow(Forbidden);
    await expect(updateTicket(deps, waiting.id, { assigneeId: dara }, aSupportAgent(sam))).rejects.toThrow(Forbidden);
  });

  it('lets the team’s manager work and hand over every ticket of the team, and no other team’s', async () => {
    const manager = await createOwner(deps, anOwnerRequest({ name: 'Nasrin' }));
    const { team, agents } = await aSupportTeam([{}, {}]);
    await deps.teams.update(team, { ...team, managerOwnerId: manager.id, version: team.version + 1 });
    const other = await aSupportTeam([{}]);
    const [sam, dara] = agents.map((agent) => agent.id) as [string, string];
    const samsTicket = await createTicket(deps, aTicketFor(team.id, { assigneeId: sam }), anAdmin());

    const handedOver = await updateTicket(deps, samsTicket.id, { assigneeId: dara }, aSupportAgent(manager.id));
    expect(handedOver.assigneeId).toBe(dara);
    await moveTicket(deps, samsTicket.id, { statusId: 'open' }, aSupportAgent(manager.id));
    // Moving the ticket out of the team she manages is beyond her.
    await expect(
      updateTicket(deps, samsTicket.id, { teamId: other.team.id }, aSupportAgent(manager.id)),
    ).rejects.toThrow(Forbidden);
    const othersTicket = await createTicket(
      deps,
      aTicketFor(other.team.id, { assigneeId: other.agents[0]!.id }),
      anAdmin(),
    );
    await expect(moveTicket(deps, othersTicket.id, { statusId: 'open' }, aSupportAgent(manager.id))).rejects.toThrow(
      Forbidden,
    );
  });
});
