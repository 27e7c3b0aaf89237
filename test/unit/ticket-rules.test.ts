import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, ValidationFailed } from '#shared/errors.ts';
import { defaultTicketPipeline } from '#shared/tickets/ticket-pipeline.ts';
import {
  newTicket,
  newTicketMessage,
  planTicketMove,
  planTicketUpdate,
  requireTicketAccess,
  ticketMoveTargets,
  ticketTakesMessage,
} from '#shared/tickets/ticket.rules.ts';
import { CreateTicketRequest, ListTicketsQuery, type Ticket } from '#shared/tickets/ticket.schema.ts';
import { anAdmin, anOwnerId, aSalesRep, fixedContext } from '../support/builders.ts';

const agent = { kind: 'user' as const, subject: 'agent-1', roles: ['sales' as const] };
const contact = { id: anOwnerId(), companyId: anOwnerId() };

function aTicket(overrides: Partial<CreateTicketRequest> = {}, context = fixedContext('2026-05-04T08:00:00.000Z')) {
  const request = CreateTicketRequest.parse({ subject: 'Printer on fire', contactId: contact.id, ...overrides });
  return { ticket: newTicket(request, contact, defaultTicketPipeline, 1042, context), context };
}

function moved(ticket: Ticket, statusId: string, context = fixedContext()) {
  return planTicketMove(ticket, defaultTicketPipeline, { statusId }, agent, context);
}

describe('a new ticket', () => {
  it('starts in the first status of kind new, with its number, the contact and the contact’s company', () => {
    const { ticket } = aTicket({ tags: ['printer', 'printer', 'urgent'] });
    expect(ticket).toMatchObject({
      number: 1042,
      statusId: 'new',
      statusKind: 'new',
      contactId: contact.id,
      companyId: contact.companyId,
      channel: 'api',
      priority: 'normal',
      tags: ['printer', 'urgent'],
      version: 1,
    });
    expect(ticket.resolvedAt).toBeUndefined();
  });

  it('refuses priorities and channels it does not know, and custom field names that are not identifiers', () => {
    const bad = CreateTicketRequest.safeParse({
      subject: 'x',
      contactId: contact.id,
      priority: 'critical',
      channel: 'fax',
      customFields: { 'not a name': 1 },
    });
    expect(bad.error?.issues.map((issue) => issue.path.join('/')).sort()).toEqual([
      'channel',
      'customFields/not a name',
      'priority',
    ]);
  });

  it('keeps custom fields named like Object.prototype members as ordinary keys, and merges patches key by key', () => {
    const { ticket, context } = aTicket({ customFields: { constructor: 'kept', plan: 'gold' } });
    expect(Object.hasOwn(ticket.customFields, 'constructor')).toBe(true);
    const { after } = planTicketUpdate(ticket, { customFields: { plan: null, toString: 3 } }, context);
    expect(after.customFields).toEqual({ constructor: 'kept', toString: 3 });
    expect(after.version).toBe(2);
  });
});

describe('ticket queues by number', () => {
  it('reads a ticket number in digits of any script, and wants exactly one filter', () => {
    expect(ListTicketsQuery.parse({ number: '۱۰۴۲' }).number).toBe(1042);
    expect(ListTicketsQuery.parse({ number: '١٠٤٢' }).number).toBe(1042);
    expect(ListTicketsQuery.safeParse({}).success).toBe(false);
    expect(ListTicketsQuery.safeParse({ unassigned: 'true', statusKind: 'open' }).success).toBe(false);
  });
});

describe('status moves', () => {
  it('records each move with its author and note, and bumps the version', () => {
    const { ticket } = aTicket();
    const { after, change, effect } = planTicketMove(
      ticket,
      defaultTicketPipeline,
      { statusId: 'open', note: 'looking into it' },
      agent,
      fixedContext('2026-05-04T09:00:00.000Z'),
    );
    expect(effect).toBe('moved');
    expect(after).toMatchObject({ statusId: 'open', statusKind: 'open', version: 2 });
    expect(after.statusEnteredAt).toBe('2026-05-04T09:00:00.000Z');
    expect(change).toEqual({
      ticketId: ticket.id,
      fromStatusId: 'new',
      toStatusId: 'open',
      toKind: 'open',
      at: '2026-05-04T09:00:00.000Z',
      note: 'looking into it',
      byPrincipal: 'agent-1',
    });
  });

  it('sets resolvedAt on resolving, clears it on reopening, and sets closedAt on closing', () => {
    const { ticket } = aTicket();
    const resolved = moved(ticket, 'resolved', fixedContext('2026-05-05T10:00:00.000Z'));
    expect(resolved.effect).toBe('resolved');
    expect(resolved.after.resolvedAt).toBe('2026-05-05T10:00:00.000Z');

    const reopened = moved(resolved.after, 'waiting-on-customer', fixedContext('2026-05-06T10:00:00.000Z'));
    expect(reopened.effect).toBe('reopened');
    expect(reopened.after.resolvedAt).toBeUndefined();
    expect(reopened.after.statusKind).toBe('waiting');

    const resolvedAgain = moved(reopened.after, 'resolved', fixedContext('2026-05-07T10:00:00.000Z'));
    const closed = moved(resolvedAgain.after, 'closed', fixedContext('2026-05-14T10:00:00.000Z'));
    expect(closed.effect).toBe('closed');
    expect(closed.after).toMatchObject({
      statusKind: 'closed',
      resolvedAt: '2026-05-07T10:00:00.000Z',
      closedAt: '2026-05-14T10:00:00.000Z',
    });
  });

  it('resolves a ticket closed without being resolved first', () => {
    const { ticket } = aTicket();
    const closed = moved(ticket, 'closed', fixedContext('2026-05-09T10:00:00.000Z'));
    expect(closed.after.resolvedAt).toBe('2026-05-09T10:00:00.000Z');
    expect(closed.after.closedAt).toBe('2026-05-09T10:00:00.000Z');
  });

  it('treats closed as final: no move out of it, and only internal notes on it', () => {
    const { ticket, context } = aTicket();
    const closed = moved(ticket, 'closed').after;
    for (const statusId of ['open', 'resolved', 'waiting-on-customer'])
      expect(() => moved(closed, statusId)).toThrow(Conflict);
    expect(() => newTicketMessage(closed, { kind: 'inbound', body: 'hello?' }, agent, context)).toThrow(Conflict);
    expect(newTicketMessage(closed, { kind: 'note', body: 'customer called again' }, agent, context)).toMatchObject({
      kind: 'note',
      ticketId: ticket.id,
      byPrincipal: 'agent-1',
    });
  });

  it('refuses an unknown status, the status it is in, and a move back to new, pointing at statusId', () => {
    const { ticket } = aTicket();
    const open = moved(ticket, 'open').after;
    for (const [from, statusId] of [
      [ticket, 'escalated'],
      [open, 'open'],
      [open, 'new'],
    ] as const) {
      const error = (() => {
        try {
          moved(from, statusId);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).errors[0]?.pointer).toBe('/statusId');
    }
  });
});

describe('what a client may offer (the same checks the moves and messages make)', () => {
  const { ticket, context } = aTicket();
  const inEveryStatus = defaultTicketPipeline.statuses.map((status) =>
    status.kind === 'new' ? ticket : moved(ticket, status.id).after,
  );

  it('offers exactly the status moves planTicketMove accepts, from every status', () => {
    for (const from of inEveryStatus) {
      const offered = ticketMoveTargets(from, defaultTicketPipeline).map((status) => status.id);
      const accepted = defaultTicketPipeline.statuses
        .filter((target) => {
          try {
            moved(from, target.id);
            return true;
          } catch {
            return false;
          }
        })
        .map((status) => status.id);
      expect(offered, `from ${from.statusId}`).toEqual(accepted);
    }
    expect(ticketMoveTargets(ticket, defaultTicketPipeline).map((status) => status.id)).toEqual([
      'open',
      'waiting-on-customer',
      'resolved',
      'closed',
    ]);
    expect(ticketMoveTargets(moved(ticket, 'closed').after, defaultTicketPipeline)).toEqual([]);
  });

  it('offers exactly the message kinds newTicketMessage accepts, in every status', () => {
    for (const from of inEveryStatus)
      for (const kind of ['inbound', 'outbound', 'note'] as const) {
        const accepted = (() => {
          try {
            newTicketMessage(from, { kind, body: 'hello' }, agent, context);
            return true;
          } catch {
            return false;
          }
        })();
        expect(ticketTakesMessage(from, kind), `${kind} on ${from.statusId}`).toBe(accepted);
      }
  });
});

describe('who may work a ticket (no support role yet: admins and sales reps)', () => {
  const me = anOwnerId();
  const someoneElse = anOwnerId();

  it('lets an admin do anything', () => {
    expect(() => requireTicketAccess(anAdmin(), [someoneElse, me])).not.toThrow();
  });

  it('lets a sales rep work their own and unassigned tickets, take one, and give one up', () => {
    const rep = aSalesRep(me);
    expect(() => requireTicketAccess(rep, [me])).not.toThrow();
    expect(() => requireTicketAccess(rep, [undefined])).not.toThrow();
    expect(() => requireTicketAccess(rep, [undefined, me])).not.toThrow();
    expect(() => requireTicketAccess(rep, [me, undefined])).not.toThrow();
  });

  it("refuses a sales rep another rep's ticket, handing one to another rep, and a rep with no owner record", () => {
    expect(() => requireTicketAccess(aSalesRep(me), [someoneElse])).toThrow(Forbidden);
    expect(() => requireTicketAccess(aSalesRep(me), [me, someoneElse])).toThrow(Forbidden);
    expect(() => requireTicketAccess(aSalesRep(me), [undefined, someoneElse])).toThrow(Forbidden);
    expect(() => requireTicketAccess(aSalesRep(), [someoneElse])).toThrow(Forbidden);
  });
});
