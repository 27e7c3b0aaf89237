import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies, type Dependencies } from '#functions/dependencies.ts';
import { CreateCompanyRequest } from '#shared/companies/company.schema.ts';
import { createCompany } from '#shared/companies/company.service.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { systemContext } from '#shared/context.ts';
import type { TableRef } from '#shared/db/document-client.ts';
import { ticketKeys } from '#shared/db/keys.ts';
import { Conflict, Forbidden, PreconditionFailed, ValidationFailed } from '#shared/errors.ts';
import { OutboxRepository } from '#shared/events/outbox.repository.ts';
import { eraseContact } from '#shared/privacy/erasure.service.ts';
import { exportPersonalData } from '#shared/privacy/personal-data-export.service.ts';
import { CreateTeamRequest } from '#shared/owners/owner.schema.ts';
import { createOwner, createTeam } from '#shared/owners/owner.service.ts';
import {
  AddTicketMessageRequest,
  CreateTicketRequest,
  ListTicketMessagesQuery,
  ListTicketsQuery,
  UpdateTicketRequest,
} from '#shared/tickets/ticket.schema.ts';
import {
  addTicketMessage,
  createTicket,
  listTicketMessages,
  listTickets,
  moveTicket,
  ticketHistory,
  updateTicket,
} from '#shared/tickets/ticket.service.ts';
import { aContactRequest, anAdmin, anOwnerId, anOwnerRequest, aSalesRep } from '../support/builders.ts';
import { createTestTable } from '../support/test-table.ts';

let deps: Dependencies;
let table: TableRef;
let outbox: OutboxRepository;
let contact: Contact;
beforeAll(async () => {
  table = await createTestTable();
  deps = buildDependencies(table, systemContext);
  outbox = new OutboxRepository(table);
  await createCompany(deps, CreateCompanyRequest.parse({ name: 'Initrode', domain: 'initrode.example' }), anAdmin());
  contact = await createContact(deps, aContactRequest({ email: 'milton@initrode.example' }), anAdmin());
});

const aTicketRequest = (overrides: Record<string, unknown> = {}) =>
  CreateTicketRequest.parse({ subject: 'My stapler is gone', contactId: contact.id, ...overrides });
const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
const eventsOf = async (ticketId: string) =>
  (await outbox.listPending(1000))
    .filter((event) => 'ticketId' in event.detail && event.detail.ticketId === ticketId)
    .map((event) => event.detailType);

describe('ticket numbers', () => {
  it('hands out distinct consecutive numbers to tickets created at the same time, each findable by its number', async () => {
    const tickets = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        createTicket(deps, aTicketRequest({ subject: `Burst ${index}` }), anAdmin()),
      ),
    );
    const numbers = tickets.map((ticket) => ticket.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(25);
    expect(numbers.at(-1)! - numbers[0]!).toBe(24);
    const sample = tickets[7]!;
    const found = await listTickets(deps, ListTicketsQuery.parse({ number: String(sample.number) }));
    expect(ids(found)).toEqual([sample.id]);
    expect((await listTickets(deps, ListTicketsQuery.parse({ number: '999999' }))).items).toEqual([]);
  });

  it('skips a number another ticket already holds (a counter behind its tickets) instead of failing the create', async () => {
    const before = await createTicket(deps, aTicketRequest(), anAdmin());
    // As after restoring a backup whose counter lags: the next two numbers are already held.
    for (const taken of [before.number + 1, before.number + 2])
      await table.db.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...ticketKeys.numberMarker(taken), entity: 'TicketNumber', ticketId: 'restored' },
        }),
      );
    const after = await createTicket(deps, aTicketRequest(), anAdmin());
    expect(after.number).toBe(before.number + 3);
    expect(await deps.tickets.findIdByNumber(after.number)).toBe(after.id);
    expect(await deps.tickets.findIdByNumber(before.number + 1)).toBe('restored');
  });

  it('takes the company from the contact and refuses a contact, assignee or team that does not exist', async () => {
    const ticket = await createTicket(deps, aTicketRequest(), anAdmin());
    expect(ticket.companyId).toBe(contact.companyId);
    expect(contact.companyId).toBeDefined();
    await expect(
      createTicket(deps, aTicketRequest({ contactId: anOwnerId(), assigneeId: anOwnerId() }), anAdmin()),
    ).rejects.toBeInstanceOf(ValidationFailed);
    await expect(createTicket(deps, aTicketRequest({ teamId: anOwnerId() }), anAdmin())).rejects.toMatchObject({
      errors: [{ pointer: '/teamId' }],
    });
  });
});

describe('status moves', () => {
  it('moves through the pipeline with its history and events, resolving, reopening and closing', async () => {
    const ticket = await createTicket(deps, aTicketRequest(), anAdmin());
    const open = await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin(), 1);
    const resolved = await moveTicket(deps, ticket.id, { statusId: 'resolved', note: 'found it' }, anAdmin(), 2);
    expect(resolved.resolvedAt).toBeDefined();
    const reopened = await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin(), 3);
    expect(reopened.resolvedAt).toBeUndefined();
    const closed = await moveTicket(deps, ticket.id, { statusId: 'closed' }, anAdmin(), 4);
    expect(closed).toMatchObject({ version: 5, statusKind: 'closed' });
    expect(closed.closedAt).toBeDefined();
    expect(await deps.tickets.get(ticket.id)).toEqual(closed);
    expect(open.version).toBe(2);

    const history = await ticketHistory(deps, ticket.id);
    expect(history.map((change) => [change.fromStatusId, change.toStatusId])).toEqual([
      ['open', 'closed'],
      ['resolved', 'open'],
      ['open', 'resolved'],
      ['new', 'open'],
      [undefined, 'new'],
    ]);
    expect(history[2]?.note).toBe('found it');

    expect((await eventsOf(ticket.id)).sort()).toEqual(
      [
        'Ticket Created',
        'Ticket Status Changed',
        'Ticket Status Changed',
        'Ticket Resolved',
        'Ticket Status Changed',
        'Ticket Reopened',
        'Ticket Status Changed',
        // closed after being resolved once and reopened: closing resolves it again
        'Ticket Resolved',
      ].sort(),
    );
    await expect(moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin())).rejects.toBeInstanceOf(Conflict);
  });

  it('refuses a stale If-Match with 412, and lets exactly one of two moves from the same version win', async () => {
    const ticket = await createTicket(deps, aTicketRequest(), anAdmin());
    await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin(), 1);
    await expect(moveTicket(deps, ticket.id, { statusId: 'resolved' }, anAdmin(), 1)).rejects.toBeInstanceOf(
      PreconditionFailed,
    );
    const racing = await Promise.allSettled([
      moveTicket(deps, ticket.id, { statusId: 'resolved' }, anAdmin(), 2),
      moveTicket(deps, ticket.id, { statusId: 'waiting-on-customer' }, anAdmin(), 2),
    ]);
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = racing.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(PreconditionFailed);
    expect((await ticketHistory(deps, ticket.id)).map((change) => change.toStatusId)).toHaveLength(3);
    expect((await deps.tickets.get(ticket.id))?.version).toBe(3);
  });
});

describe('queues', () => {
  it('lists an assignee’s, a team’s, the unassigned and a status kind’s open tickets oldest first, and a contact’s newest first', async () => {
    const ada = await createOwner(deps, anOwnerRequest({ name: 'Ada Agent' }));
    const team = await createTeam(deps, CreateTeamRequest.parse({ name: 'Support' }));
    const first = await createTicket(deps, aTicketRequest({ assigneeId: ada.id, teamId: team.id }), anAdmin());
    const second = await createTicket(deps, aTicketRequest({ assigneeId: ada.id }), anAdmin());
    const loose = await createTicket(deps, aTicketRequest({ teamId: team.id }), anAdmin());
    expect(await eventsOf(first.id)).toEqual(expect.arrayContaining(['Ticket Created', 'Ticket Assigned']));

    const queue = (query: Record<string, string>) => listTickets(deps, ListTicketsQuery.parse(query));
    expect(ids(await queue({ assigneeId: ada.id }))).toEqual([first.id, second.id]);
    expect(ids(await queue({ teamId: team.id }))).toEqual([first.id, loose.id]);
    expect(ids(await queue({ unassigned: 'true', limit: '100' }))).toContain(loose.id);
    expect(ids(await queue({ unassigned: 'true', limit: '100' }))).not.toContain(first.id);

    // Resolving takes a ticket out of the work queues; reassigning moves it between them.
    await moveTicket(deps, first.id, { statusId: 'resolved' }, anAdmin());
    await updateTicket(deps, loose.id, UpdateTicketRequest.parse({ assigneeId: ada.id }), anAdmin(), 1);
    expect(ids(await queue({ assigneeId: ada.id }))).toEqual([second.id, loose.id]);
    expect(ids(await queue({ teamId: team.id }))).toEqual([loose.id]);
    expect(ids(await queue({ unassigned: 'true', limit: '100' }))).not.toContain(loose.id);
    expect(ids(await queue({ statusKind: 'resolved', limit: '100' }))).toContain(first.id);
    expect(await eventsOf(loose.id)).toEqual(expect.arrayContaining(['Ticket Assigned']));

    // Paged: the cursor continues where the page ended.
    const page1 = await queue({ assigneeId: ada.id, limit: '1' });
    const page2 = await queue({ assigneeId: ada.id, limit: '1', cursor: page1.nextCursor! });
    expect([...ids(page1), ...ids(page2)]).toEqual([second.id, loose.id]);

    const ofContact = await queue({ contactId: contact.id, limit: '3' });
    expect(ids(ofContact)).toEqual([loose.id, second.id, first.id]);
    expect(ids(await queue({ companyId: contact.companyId!, limit: '1' }))).toEqual([loose.id]);
  });

  it('lets a sales rep take an unassigned ticket and work it, but not another rep’s', async () => {
    const mine = await createOwner(deps, anOwnerRequest());
    const theirs = await createOwner(deps, anOwnerRequest());
    const rep = aSalesRep(mine.id);
    const free = await createTicket(deps, aTicketRequest(), anAdmin());
    const taken = await updateTicket(deps, free.id, UpdateTicketRequest.parse({ assigneeId: mine.id }), rep);
    expect(taken.assigneeId).toBe(mine.id);
    await moveTicket(deps, free.id, { statusId: 'open' }, rep);
    const other = await createTicket(deps, aTicketRequest({ assigneeId: theirs.id }), anAdmin());
    await expect(moveTicket(deps, other.id, { statusId: 'open' }, rep)).rejects.toBeInstanceOf(Forbidden);
    await expect(
      updateTicket(deps, free.id, UpdateTicketRequest.parse({ assigneeId: theirs.id }), rep),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(createTicket(deps, aTicketRequest({ assigneeId: theirs.id }), rep)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('the conversation', () => {
  it('keeps messages and notes in order, a page at a time, and refuses a cursor it did not give', async () => {
    const ticket = await createTicket(deps, aTicketRequest(), anAdmin());
    const bodies = ['سلام، پرینتر کار نمی‌کند', 'Which model is it?', 'checked the logs', 'HP ۴۲۰'];
    const kinds = ['inbound', 'outbound', 'note', 'inbound'] as const;
    for (const [index, body] of bodies.entries())
      await addTicketMessage(deps, ticket.id, AddTicketMessageRequest.parse({ kind: kinds[index], body }), anAdmin());

    const first = await listTicketMessages(deps, ticket.id, ListTicketMessagesQuery.parse({ limit: '3' }));
    expect(first.items.map((message) => message.kind)).toEqual(['inbound', 'outbound', 'note']);
    const rest = await listTicketMessages(
      deps,
      ticket.id,
      ListTicketMessagesQuery.parse({ limit: '3', cursor: first.nextCursor! }),
    );
    expect([...first.items, ...rest.items].map((message) => message.body)).toEqual(bodies);
    expect(rest.nextCursor).toBeUndefined();
    await expect(
      listTicketMessages(deps, ticket.id, ListTicketMessagesQuery.parse({ cursor: 'bm90LWEtY3Vyc29y' })),
    ).rejects.toBeInstanceOf(ValidationFailed);
    // Messages are items of the ticket, not versions of it: only the first answer stamps the ticket.
    expect((await deps.tickets.get(ticket.id))?.version).toBe(2);
  });

  it('stamps the first answer on the ticket and emits Ticket Replied for every answer, never for notes', async () => {
    const ticket = await createTicket(deps, aTicketRequest({ priority: 'high' }), anAdmin());
    const say = (kind: 'inbound' | 'outbound' | 'note', body: string) =>
      addTicketMessage(deps, ticket.id, AddTicketMessageRequest.parse({ kind, body }), anAdmin());
    await say('inbound', 'still broken');
    await say('note', 'looked into it');
    expect((await deps.tickets.get(ticket.id))?.firstRespondedAt).toBeUndefined();
    const first = await say('outbound', 'We are on it');
    await say('outbound', 'Fixed now');
    const stamped = await deps.tickets.get(ticket.id);
    expect(stamped).toMatchObject({ firstRespondedAt: first.at, version: 2 });

    const replies = (await outbox.listPending(1000)).filter(
      (event) =>
        event.detailType === 'Ticket Replied' && 'ticketId' in event.detail && event.detail.ticketId === ticket.id,
    );
    expect(replies.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        messageId: first.id,
        firstResponse: true,
        priority: 'high',
        ticketCreatedAt: ticket.createdAt,
      }),
      expect.objectContaining({ firstResponse: false, contactId: contact.id }),
    ]);
  });

  it('retries a first answer that an edit of the ticket slipped in front of, keeping both', async () => {
    const ticket = await createTicket(deps, aTicketRequest(), anAdmin());
    // The edit lands between the answer's read of the ticket and its write, once.
    let edits = 0;
    const tickets = Object.create(deps.tickets) as typeof deps.tickets;
    tickets.addMessage = async (...args) => {
      if (edits++ === 0)
        await updateTicket(deps, ticket.id, UpdateTicketRequest.parse({ tags: ['printer'] }), anAdmin());
      return deps.tickets.addMessage(...args);
    };
    const message = await addTicketMessage(
      { ...deps, tickets },
      ticket.id,
      AddTicketMessageRequest.parse({ kind: 'outbound', body: 'Hello' }),
      anAdmin(),
    );
    expect(edits).toBe(2);
    expect(await deps.tickets.get(ticket.id)).toMatchObject({
      firstRespondedAt: message.at,
      tags: ['printer'],
      version: 3,
    });
  });
});

describe("a contact's tickets under GDPR", () => {
  it('exports them with their conversation, and erasure deletes them, their history, messages and number', async () => {
    const person = await createContact(deps, aContactRequest({ email: 'bob@initrode.example' }), anAdmin());
    const ticket = await createTicket(
      deps,
      aTicketRequest({ contactId: person.id, subject: 'Bob’s red stapler' }),
      anAdmin(),
    );
    await moveTicket(deps, ticket.id, { statusId: 'open' }, anAdmin());
    await addTicketMessage(
      deps,
      ticket.id,
      AddTicketMessageRequest.parse({ kind: 'inbound', body: 'I live at 12 Elm St.' }),
      anAdmin(),
    );

    const held = await exportPersonalData(deps, person.id);
    expect(held.tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(held.ticketMessages.map((m) => m.body)).toEqual(['I live at 12 Elm St.']);

    const summary = await eraseContact(deps, person.id);
    expect(summary.erased.tickets).toBe(1);
    expect(await deps.tickets.get(ticket.id)).toBeUndefined();
    expect(await deps.tickets.findIdByNumber(ticket.number)).toBeUndefined();
    expect(await deps.tickets.history(ticket.id)).toEqual([]);
    expect((await deps.tickets.messages(ticket.id, 100)).items).toEqual([]);
    expect((await listTickets(deps, ListTicketsQuery.parse({ contactId: person.id }))).items).toEqual([]);
    // The erased ticket's number is not handed out again.
    const next = await createTicket(deps, aTicketRequest(), anAdmin());
    expect(next.number).toBeGreaterThan(ticket.number);
  });
});
