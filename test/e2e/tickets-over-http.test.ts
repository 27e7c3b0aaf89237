import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { publishedSchemaErrors } from '../support/event-validator.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface BusEvent {
  source: string;
  'detail-type': string;
  detail: { ticketId?: string } & Record<string, unknown>;
}

let stack: RunningStack;
beforeAll(async () => void (stack = await startLocalStack(['--seed'])), 60_000);
afterAll(async () => void (await stack?.stop()));

const toPersianDigits = (n: number) => String(n).replace(/\d/g, (digit) => '۰۱۲۳۴۵۶۷۸۹'[Number(digit)]!);

describe('a ticket over HTTP on the local stack, as an agent works it', () => {
  it('opens, queues, converses, moves with If-Match, resolves, reopens and closes a ticket', async () => {
    const { api } = stack;
    const contact = await api('POST', '/contacts', { email: `sara-${Date.now()}@example.com`, firstName: 'سارا' });
    expect(contact.status).toBe(201);

    expect((await api('GET', '/tickets/statuses')).json.statuses.map((s: { kind: string }) => s.kind)).toEqual([
      'new',
      'open',
      'waiting',
      'resolved',
      'closed',
    ]);

    const bad = await api('POST', '/tickets', { subject: 'x', contactId: contact.json.id, priority: 'critical' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(bad.json.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/priority']);

    const created = await api(
      'POST',
      '/tickets',
      { subject: 'چاپگر کار نمی‌کند', contactId: contact.json.id, channel: 'agent', priority: 'high' },
      { as: 'salesAda' },
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const ticket = created.json;
    expect(ticket).toMatchObject({ statusId: 'new', statusKind: 'new', priority: 'high' });
    expect(ticket.assigneeId).toBeUndefined();
    expect(created.headers.get('location')).toBe(`/tickets/${ticket.id}`);

    // Marketing has no part in the service desk yet.
    const refused = await api('GET', `/tickets/${ticket.id}`, undefined, { as: 'marketing' });
    expect(refused.status).toBe(403);

    // Found by the number said on the phone, in Persian digits; in the unassigned queue until Ada takes it.
    const byNumber = await api('GET', `/tickets?number=${encodeURIComponent(toPersianDigits(ticket.number))}`);
    expect(byNumber.json.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    const unassigned = await api('GET', '/tickets?unassigned=true&limit=100');
    expect(unassigned.json.items.map((t: { id: string }) => t.id)).toContain(ticket.id);
    const taken = await api(
      'PATCH',
      `/tickets/${ticket.id}`,
      { assigneeId: demoIds.ada, teamId: demoIds.team },
      {
        as: 'salesAda',
        headers: { 'if-match': '"1"' },
      },
    );
    expect(taken).toMatchObject({ status: 200, json: { assigneeId: demoIds.ada, version: 2 } });
    const mine = await api('GET', `/tickets?assigneeId=${demoIds.ada}&limit=100`, undefined, { as: 'salesAda' });
    expect(mine.json.items.map((t: { id: string }) => t.id)).toContain(ticket.id);

    // Grace may not work Ada's ticket.
    const graces = await api('POST', `/tickets/${ticket.id}/status`, { statusId: 'open' }, { as: 'salesGrace' });
    expect(graces.status).toBe(403);

    const open = await api(
      'POST',
      `/tickets/${ticket.id}/status`,
      { statusId: 'open' },
      {
        as: 'salesAda',
        headers: { 'if-match': '"2"' },
      },
    );
    expect(open).toMatchObject({ status: 200, json: { statusKind: 'open', version: 3 } });
    const stale = await api(
      'POST',
      `/tickets/${ticket.id}/status`,
      { statusId: 'resolved' },
      {
        as: 'salesAda',
        headers: { 'if-match': '"2"' },
      },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');

    for (const [kind, body] of [
      ['inbound', 'از دیروز چاپ نمی‌کند'],
      ['note', 'driver issue?'],
      ['outbound', 'Please reinstall the driver.'],
    ])
      expect((await api('POST', `/tickets/${ticket.id}/messages`, { kind, body }, { as: 'salesAda' })).status).toBe(
        201,
      );
    const firstPage = await api('GET', `/tickets/${ticket.id}/messages?limit=۲`, undefined, { as: 'salesAda' });
    const secondPage = await api(
      'GET',
      `/tickets/${ticket.id}/messages?limit=2&cursor=${firstPage.json.nextCursor}`,
      undefined,
      { as: 'salesAda' },
    );
    expect([...firstPage.json.items, ...secondPage.json.items].map((m: { kind: string }) => m.kind)).toEqual([
      'inbound',
      'note',
      'outbound',
    ]);

    // The first answer stamped the ticket (version 4).
    const answered = await api('GET', `/tickets/${ticket.id}`, undefined, { as: 'salesAda' });
    expect(answered.json).toMatchObject({ version: 4, firstRespondedAt: secondPage.json.items.at(-1).at });

    const move = (statusId: string) => api('POST', `/tickets/${ticket.id}/status`, { statusId }, { as: 'salesAda' });
    expect((await move('resolved')).json.resolvedAt).toBeDefined();
    expect((await move('waiting-on-customer')).json.resolvedAt).toBeUndefined();
    expect((await move('resolved')).status).toBe(200);
    const closed = await move('closed');
    expect(closed.json).toMatchObject({ statusKind: 'closed', version: 8 });
    const afterClose = await move('open');
    expect(afterClose.status).toBe(409);
    expect(afterClose.headers.get('content-type')).toBe('application/problem+json');

    const history = await api('GET', `/tickets/${ticket.id}/history`);
    expect(history.json.items.map((change: { toStatusId: string }) => change.toStatusId)).toEqual([
      'closed',
      'resolved',
      'waiting-on-customer',
      'resolved',
      'open',
      'new',
    ]);
    const contactsTickets = await api('GET', `/tickets?contactId=${contact.json.id}`);
    expect(contactsTickets.json.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);

    // Its events crossed the bus, each valid against the JSON Schema published for it.
    const events = await eventually(
      async () =>
        ((await api('GET', '/_local/events', undefined, { as: null })).json.events as BusEvent[]).filter(
          (event) => event.detail.ticketId === ticket.id,
        ),
      (found: BusEvent[]) => found.some((event) => event['detail-type'] === 'Ticket Reopened') && found.length >= 10,
    );
    expect(events.flatMap(publishedSchemaErrors)).toEqual([]);
    const count = (type: string) => events.filter((event) => event['detail-type'] === type).length;
    expect([
      count('Ticket Created'),
      count('Ticket Assigned'),
      count('Ticket Status Changed'),
      count('Ticket Resolved'),
      count('Ticket Reopened'),
    ]).toEqual([1, 1, 5, 2, 1]);
    expect(events.every((event) => event.source === 'relay.tickets')).toBe(true);
  });
});
