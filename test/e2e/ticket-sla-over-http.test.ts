import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../local/seed.ts';
import { eventually } from '../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

interface BusEvent {
  'detail-type': string;
  detail: { id: string; ticketId?: string; metric?: string; dueAt?: string; policyName?: string; teamId?: string };
}
interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}
interface LocalTimer {
  target: string;
  status: string;
  payload: { ticketId?: string; metric?: string; kind?: string };
  result?: { outcome?: string };
}

let stack: RunningStack;
// Ten minutes pass in a second: the first response's warning (30 minutes) comes after 3 s, its breach after 6 s.
beforeAll(async () => {
  stack = await startLocalStack(['--seed', '--time-scale', '600']);
}, 60_000);
afterAll(async () => void (await stack?.stop()));

const busEventsAbout = async (ticketId: string) =>
  ((await stack.api('GET', '/_local/events', undefined, { as: null })).json.events as BusEvent[]).filter(
    (event) => event.detail.ticketId === ticketId,
  );
const slaTimersOf = async (ticketId: string) =>
  ((await stack.api('GET', '/_local/timers', undefined, { as: null })).json.timers as LocalTimer[]).filter(
    (timer) => timer.target === 'ticket-sla-check' && timer.payload.ticketId === ticketId,
  );
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;

describe('ticket SLAs on the local stack, time-scaled', () => {
  it('warns and breaches an unanswered ticket and tells the manager once; a reply before the warning stops both', async () => {
    const saved = await stack.api(
      'PUT',
      '/settings/sla',
      {
        policies: [
          {
            name: 'Standard',
            warningShare: 0.5,
            // Ten working days to resolve: that clock stays quiet during the test.
            targets: { normal: { firstResponseMinutes: 60, resolutionMinutes: 14_400 } },
          },
        ],
      },
      { headers: { 'if-match': '"0"' } },
    );
    expect(saved.status).toBe(200);
    const contact = await stack.api('POST', '/contacts', { email: 'waiting.customer@example.com', firstName: 'Wanda' });
    expect(contact.status).toBe(201);
    const open = (subject: string) =>
      stack.api('POST', '/tickets', { subject, contactId: contact.json.id, teamId: demoIds.team });
    const unanswered = (await open('Nobody answers me')).json;
    const answered = (await open('Answered in time')).json;
    // Its timers are set (by the subscriber of Ticket Created) before the agent answers, well before the warning.
    await eventually(
      () => slaTimersOf(answered.id),
      (timers) => timers.filter((timer) => timer.payload.metric === 'firstResponse').length === 2,
      2_000,
    );
    expect(
      (await stack.api('POST', `/tickets/${answered.id}/messages`, { kind: 'outbound', body: 'We are on it.' })).status,
    ).toBe(201);

    const read = (await stack.api('GET', `/tickets/${unanswered.id}`)).json;
    expect(read.sla).toMatchObject({ policyName: 'Standard', firstResponse: { targetMinutes: 60 } });
    const dueSoon = await stack.api(
      'GET',
      `/tickets?slaDueBefore=${encodeURIComponent(new Date(Date.parse(read.sla.firstResponse.dueAt) + 1).toISOString())}`,
    );
    expect(dueSoon.json.items.map((ticket: { id: string }) => ticket.id)).toContain(unanswered.id);

    const events = await eventually(
      () => busEventsAbout(unanswered.id),
      (list) => list.some((event) => event['detail-type'] === 'Ticket SLA Breached'),
      30_000,
    );
    const sla = events.filter((event) => event['detail-type'].startsWith('Ticket SLA'));
    expect(sla.map((event) => event['detail-type'])).toEqual(['Ticket SLA Warning', 'Ticket SLA Breached']);
    expect(sla.map((event) => event.detail)).toEqual([
      expect.objectContaining({ metric: 'firstResponse', policyName: 'Standard', teamId: demoIds.team }),
      expect.objectContaining({ metric: 'firstResponse', dueAt: read.sla.firstResponse.dueAt }),
    ]);
    const mails = await eventually(outbox, (list) =>
      list.some((mail) => mail.subject === `SLA breached: ticket #${unanswered.number} (first response)`),
    );
    const toManager = mails.filter((mail) => mail.subject.startsWith(`SLA breached: ticket #${unanswered.number} `));
    expect(toManager.map((mail) => mail.destination.to)).toEqual([['margaret@relay.example']]);

    // The answered ticket's first-response timers fired too, read the clock again, and found it met.
    const answeredTimers = await eventually(
      () => slaTimersOf(answered.id),
      (timers) =>
        timers.filter((timer) => timer.payload.metric === 'firstResponse' && timer.status === 'fired').length === 2,
      15_000,
    );
    expect(
      answeredTimers
        .filter((timer) => timer.payload.metric === 'firstResponse')
        .map((timer) => [timer.payload.kind, timer.result?.outcome]),
    ).toEqual(
      expect.arrayContaining([
        ['warning', 'stale'],
        ['breach', 'stale'],
      ]),
    );
    expect(
      (await busEventsAbout(answered.id)).filter((event) => event['detail-type'].startsWith('Ticket SLA')),
    ).toEqual([]);
    expect((await outbox()).filter((mail) => mail.subject.includes(`#${answered.number} `))).toEqual([]);
  }, 60_000);
});
