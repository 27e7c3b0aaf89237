import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  launchBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { demoIds } from '../../../local/seed.ts';
import { eventually } from '../../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../../support/local-stack.ts';

let stack: RunningStack;
let browser: Browser;
let consoleUrl: string;
const run = randomUUID().slice(0, 8);
const teamName = `Service desk test ${run}`;
const customerEmail = `service-${run}@customer.example`;
let teamId: string;

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  body: { text: string };
}
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const today = () => new Date().toISOString().slice(0, 10);
const serviceKpis = async () =>
  (await stack.api('GET', `/reports/service?from=${today()}&to=${today()}&teamId=${teamId}`)).json as {
    opened: number;
    resolved: number;
    csat: { responses: number };
    backlog: { total: number };
  };

/**
 * Its own team and customer: two tickets, one answered and resolved (which asks the CSAT survey by email; the
 * customer clicks 5), the other left new. Whatever else the seeded stack holds, the team's figures are these.
 */
async function resolveATicketAndRateIt(): Promise<void> {
  const team = await stack.api('POST', '/teams', { name: teamName });
  expect(team.status, JSON.stringify(team.json)).toBe(201);
  teamId = team.json.id as string;
  const contact = await stack.api('POST', '/contacts', { email: customerEmail, firstName: 'Shirin' });
  expect(contact.status).toBe(201);
  // The CSAT survey on resolution: the seed may already have one active for the trigger; then that one asks.
  const survey = await stack.api(
    'POST',
    '/surveys',
    {
      name: `Ticket CSAT ${run}`,
      kind: 'csat',
      question: 'How satisfied are you with how we handled your request?',
      trigger: 'Ticket Resolved',
      reviewUrl: 'https://reviews.example/relay',
    },
    { as: 'marketing' },
  );
  expect([201, 409]).toContain(survey.status);
  const [first, second] = [
    await stack.api('POST', '/tickets', { subject: 'Invoice PDF is blank', contactId: contact.json.id, teamId }),
    await stack.api('POST', '/tickets', { subject: 'فاکتور را دریافت نکردم', contactId: contact.json.id, teamId }),
  ];
  expect([first.status, second.status]).toEqual([201, 201]);
  const reply = { kind: 'outbound', body: 'Here is a new copy of your invoice.' };
  expect((await stack.api('POST', `/tickets/${first.json.id}/messages`, reply)).status).toBe(201);
  expect((await stack.api('POST', `/tickets/${first.json.id}/status`, { statusId: 'resolved' })).status).toBe(200);

  // The answer itself is emailed too (the email channel); the survey is the mail that asks the question.
  const invite = await eventually(
    async () =>
      (await outbox()).find(
        (mail) =>
          mail.destination.to[0] === customerEmail &&
          mail.subject === 'How satisfied are you with how we handled your request?',
      ),
    Boolean,
    30_000,
  );
  const link = /^5: (\S+)$/m.exec(invite?.body.text ?? '')?.[1] ?? '';
  expect((await fetch(link)).status).toBe(200);
  await eventually(serviceKpis, (kpis) => kpis.csat.responses === 1 && kpis.resolved === 1, 20_000);
}

beforeAll(async () => {
  stack = await startLocalStack(['--seed', '--console-port', '0']);
  consoleUrl = stack.consoleUrl ?? '';
  if (browserAvailable) browser = await launchBrowser();
  await resolveATicketAndRateIt();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the service dashboard in the console', () => {
  it('has demo tickets in several states with their conversations, and the resolved one’s CSAT email', async () => {
    const statusKinds = await Promise.all(
      ['new', 'open', 'waiting', 'resolved', 'closed'].map(async (kind) => {
        const page = (await stack.api('GET', `/tickets?statusKind=${kind}&limit=100`)).json as {
          items: { id: string; teamId?: string; subject: string }[];
        };
        return page.items.filter((ticket) => ticket.teamId === demoIds.supportTeam);
      }),
    );
    expect(statusKinds.map((tickets) => tickets.length)).toEqual([1, 1, 1, 1, 1]);
    const persian = statusKinds[1]![0]!;
    expect(persian.subject).toMatch(/[\u0600-\u06FF]/);
    const messages = (await stack.api('GET', `/tickets/${persian.id}/messages`)).json as { items: { kind: string }[] };
    expect(messages.items.map((message) => message.kind)).toEqual(['inbound', 'note', 'outbound']);
    // The ticket resolved by the seed asked its customer the seeded CSAT survey.
    await eventually(
      async () =>
        (await outbox()).filter((mail) => mail.subject === 'How satisfied are you with how we handled your request?'),
      (mails) => mails.some((mail) => mail.destination.to[0] === 'li.wei@example.cn'),
      30_000,
    );
  });

  it.skipIf(!browserAvailable)(
    'shows a team’s service KPIs as the API counts them, with charts and their numbers, in English and Persian',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('tab', { name: 'Service desk' }).click();
      await page.getByRole('heading', { name: 'Service desk', level: 1 }).waitFor();
      await page.getByRole('combobox', { name: 'Team', exact: true }).click();
      await page.getByRole('option', { name: teamName, exact: true }).click();
      await expect.poll(() => page.url()).toContain(`teamId=${teamId}`);

      const stat = (name: string) => page.getByRole('group', { name }).locator('p').nth(1);
      const kpis = await serviceKpis();
      expect(kpis).toMatchObject({ opened: 2, resolved: 1, backlog: { total: 1 } });
      await expect.poll(() => stat('Tickets opened').textContent()).toBe('2');
      expect(await stat('Tickets resolved').textContent()).toBe('1');
      expect(await stat('Open backlog now').textContent()).toBe('1');
      expect(await stat('CSAT (satisfied)').textContent()).toBe('100%');
      expect(await stat('Reopen rate').textContent()).toBe('0%');
      // Answered at once: the median first response lies in the first bucket that is not empty, a minute at most.
      expect(await stat('First response, median').textContent()).toMatch(/^(up to 0 min|0 min – 1 min)$/);

      for (const chart of [
        'Tickets opened, resolved and reopened per day',
        'Open backlog by status',
        'Open backlog by age',
        'SLA: resolved tickets that met their targets',
        'Time to first response',
        'Time to resolution',
      ])
        await page.getByRole('figure', { name: chart }).waitFor();
      const byStatus = page.getByRole('figure', { name: 'Open backlog by status' });
      expect(await byStatus.locator('svg').count()).toBeGreaterThan(0);
      await byStatus.getByText('Open backlog by status: the numbers').click();
      expect(await byStatus.getByRole('table').textContent()).toBe('StatusTicketsNew1Open0Waiting on the customer0');
      await expectAccessible(page, 'the service dashboard');
      await screenshot(page, 'service-dashboard');

      await page.getByLabel('Language').selectOption('fa');
      await page.getByRole('heading', { name: 'میز پشتیبانی', level: 1 }).waitFor();
      await expect.poll(() => stat('تیکت‌های باز شده').textContent()).toBe('۲');
      await expectAccessible(page, 'the service dashboard in Persian');
      await page.close();
    },
    60_000,
  );
});
