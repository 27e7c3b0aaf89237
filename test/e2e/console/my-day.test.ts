import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../../local/seed.ts';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { eventually } from '../../support/eventually.ts';
import { startLocalStack, type RunningStack } from '../../support/local-stack.ts';

let stack: RunningStack;
let browser: Browser;
let consoleUrl: string;
const leadEmail = 'cto@countdown-demo.example';

/**
 * A qualified lead for Ada through the real lead lifecycle: its company is Ada's account, so routing gives it to
 * her with the SLA timer set (LEAD_SLA_SECONDS, 4 hours at the stack's real time).
 */
async function routeALeadToAda(): Promise<void> {
  const company = await stack.api('POST', '/companies', {
    name: 'Countdown Demo',
    domain: 'countdown-demo.example',
    ownerId: demoIds.ada,
  });
  expect(company.status).toBe(201);
  const form = await stack.api(
    'POST',
    '/forms',
    { name: 'My day test', fieldMapping: { email: 'email', role: 'jobTitle' }, minFillSeconds: 0 },
    { as: 'marketing' },
  );
  expect(form.status).toBe(201);
  const submitted = await fetch(`${stack.apiUrl}/forms/${form.json.id}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: leadEmail, role: 'CTO' }),
  });
  expect(submitted.status).toBe(202);
  const assigned = await eventually(
    async () =>
      (
        (await stack.api('GET', `/contacts?ownerId=${demoIds.ada}&limit=100`)).json.items as {
          email: string;
          assignment?: { slaDueAt?: string };
        }[]
      ).find((contact) => contact.email === leadEmail),
    (contact) => contact?.assignment?.slaDueAt !== undefined,
    20_000,
  );
  expect(assigned?.assignment?.slaDueAt).toBeDefined();
}

/** A won deal today, so the reports have a new customer and revenue to draw. */
async function winADeal(): Promise<void> {
  const pipeline = await stack.api('POST', '/pipelines', {
    name: 'Reports test',
    stages: [
      { id: 'qualified', name: 'Qualified', probability: 0.3 },
      { id: 'won', name: 'Won', probability: 1, kind: 'won' },
      { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  expect(pipeline.status).toBe(201);
  const contacts = (await stack.api('GET', `/contacts?ownerId=${demoIds.ada}&limit=100`)).json.items as {
    id: string;
    email: string;
  }[];
  const maria = contacts.find((contact) => contact.email === 'maria.schmidt@example.de');
  for (const [name, amount] of [
    ['Nordlicht enterprise', 12_000],
    ['Nordlicht add-on', 3_000],
  ] as const) {
    const deal = await stack.api('POST', '/deals', {
      name,
      pipelineId: pipeline.json.id,
      amount,
      currency: 'EUR',
      ownerId: demoIds.ada,
      contactId: maria?.id,
    });
    expect(deal.status).toBe(201);
    if (amount > 5_000)
      expect((await stack.api('POST', `/deals/${deal.json.id}/stage`, { stageId: 'won' })).status).toBe(200);
  }
  const today = new Date().toISOString().slice(0, 10);
  await eventually(
    async () => (await stack.api('GET', `/reports/kpis?from=${today}&to=${today}`)).json.newCustomers as number,
    (customers) => customers >= 1,
    20_000,
  );
}

beforeAll(async () => {
  // Real time: the lead SLA (4 hours) must not run out while the test looks at its countdown. So a stack of its
  // own, not the console files' shared one (test/support/console-setup.ts), whose days are minutes; today's KPIs
  // and Ada's task list, which this file counts, are the whole table's too.
  stack = await startLocalStack(['--seed', '--console-port', '0', '--time-scale', '1']);
  consoleUrl = stack.consoleUrl as string;
  await routeALeadToAda();
  await winADeal();
  if (browserAvailable) browser = await connectToSharedBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const texts = (page: Page, testId: string) => page.getByTestId(testId).allTextContents();
const euros = (amount: number | undefined) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount ?? 0);
/** The KPIs of the period the page shows (its URL says which), straight from the API. */
async function kpisOf(search: URLSearchParams) {
  const today = new Date().toISOString().slice(0, 10);
  const from = search.get('from') ?? `${today.slice(0, 8)}01`;
  const to = search.get('to') ?? today;
  return (await stack.api('GET', `/reports/kpis?from=${from}&to=${to}`)).json;
}

describe('my day, reports and settings in the console', () => {
  it.skipIf(!browserAvailable)(
    "shows Ada her open tasks by due date and her new lead's SLA countdown; she completes a task inline",
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'ada');
      await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
      const tasks = page.getByRole('list', { name: 'My open tasks' }).getByTestId('open-task');
      await expect.poll(() => tasks.count()).toBe(4);
      expect(await tasks.getByTestId('task-subject').allTextContents()).toEqual([
        'Send Maria the enterprise pricing',
        'Call Wei about the procurement timeline',
        'Book the onboarding workshop with Nordlicht',
        'Prepare the Harbor Freight proposal',
      ]);
      // Only the task due yesterday is overdue.
      expect(await tasks.nth(0).getByTestId('overdue').textContent()).toBe('Overdue');
      expect(await page.getByTestId('overdue').count()).toBe(1);

      const lead = page.getByTestId('new-lead').filter({ hasText: leadEmail });
      await expect.poll(() => lead.getByTestId('sla-countdown').textContent()).toMatch(/^Reassigned in [34] hours/);
      // Maria is Ada's MQL by hand (no routing), so no SLA runs on her.
      expect(await page.getByTestId('new-lead').filter({ hasText: 'Maria Schmidt' }).textContent()).toContain('No SLA');
      await expect.poll(() => texts(page, 'recent-activity').then((items) => items.length)).toBeGreaterThan(0);
      await expectAccessible(page, 'my day');
      await screenshot(page, 'my-day');

      await page.getByRole('button', { name: 'Mark “Prepare the Harbor Freight proposal” done' }).click();
      await expect.poll(() => tasks.count()).toBe(3);
      const open = (await stack.api('GET', `/activities?openTasksOf=${demoIds.ada}`, undefined, { as: 'salesAda' }))
        .json.items as { subject: string }[];
      expect(open.map((task) => task.subject)).not.toContain('Prepare the Harbor Freight proposal');

      // Ada is a sales rep: no queue (the API would not let her assign), no Settings.
      expect(await page.getByRole('heading', { name: 'Unowned lead queue' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      // Typed in the address bar: the page loads afresh, she signs in again and lands where she asked to go.
      await page.goto(`${consoleUrl}/settings`);
      await page.getByRole('button', { name: /^ada \(/ }).click();
      await page.getByText('Settings are for admins').waitFor();
      expect(new URL(page.url()).pathname).toBe('/settings');
      expect(await page.getByRole('button', { name: 'New team' }).count()).toBe(0);
      await page.close();
    },
    90_000,
  );

  it.skipIf(!browserAvailable)(
    'lets the admin assign a lead from the unowned queue to Grace',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'admin');
      const queue = page.getByRole('list', { name: 'Unowned lead queue' });
      await queue.getByTestId('unowned-lead').filter({ hasText: 'Sofia Rossi' }).waitFor();
      await expectAccessible(page, 'my day with the unowned queue');
      await page.getByLabel('Owner for Sofia Rossi').selectOption({ label: 'Grace Hopper' });
      await page.getByRole('button', { name: 'Assign Sofia Rossi' }).click();
      await expect.poll(() => queue.getByTestId('unowned-lead').filter({ hasText: 'Sofia Rossi' }).count()).toBe(0);
      const sofia = (
        (await stack.api('GET', `/contacts?ownerId=${demoIds.grace}&limit=100`)).json.items as {
          email: string;
          ownerId: string;
        }[]
      ).find((contact) => contact.email === 'sofia.rossi@example.it');
      expect(sofia?.ownerId).toBe(demoIds.grace);
      await page.close();
    },
    60_000,
  );

  it.skipIf(!browserAvailable)(
    'shows the KPIs as charts with their numbers, and follows a change of the period',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      const stat = (name: string) => page.getByRole('group', { name }).locator('p').nth(1);
      const thisMonth = await kpisOf(new URLSearchParams(new URL(page.url()).search));
      expect(thisMonth.newCustomers).toBeGreaterThanOrEqual(1);
      await expect.poll(() => stat('New customers').textContent()).toBe(String(thisMonth.newCustomers));
      expect(await stat('New contacts').textContent()).toBe(String(thisMonth.newContacts));
      for (const chart of [
        'New and churned customers, per day',
        'Customer base: churn and retention',
        'Revenue by type',
        'Won revenue, per day',
        'Net Promoter Score',
        'Campaign ROI',
        'Open pipeline and weighted forecast',
      ])
        await page.getByRole('figure', { name: chart }).waitFor();
      // Each chart's text alternative: the numbers it draws, as the API reported them.
      const byType = page.getByRole('figure', { name: 'Revenue by type' });
      expect(await byType.locator('svg').count()).toBeGreaterThan(0);
      await byType.getByText('Revenue by type: the numbers').click();
      expect(await byType.getByRole('table').textContent()).toContain(euros(thisMonth.revenue.newBusiness.EUR));
      // Per currency (the demo pipeline has deals in euros and dollars): the euro figures, in the summary.
      const pipelineSummary = await page
        .getByRole('figure', { name: 'Open pipeline and weighted forecast' })
        .textContent();
      expect(pipelineSummary).toContain(
        `Open deals now: ${thisMonth.pipeline.openDeals}, worth ${euros(thisMonth.pipeline.value.EUR)}`,
      );
      expect(pipelineSummary).toContain(`weighted forecast ${euros(thisMonth.pipeline.weightedForecast.EUR)}`);
      await expectAccessible(page, 'the reports');
      await screenshot(page, 'reports');

      await page.getByRole('button', { name: 'Last month' }).click();
      await expect.poll(() => page.url()).toMatch(/from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/);
      const lastMonth = await kpisOf(new URLSearchParams(new URL(page.url()).search));
      // Everything the test made happened today, so last month looks different.
      expect(lastMonth.newContacts).toBeLessThan(thisMonth.newContacts);
      await expect.poll(() => stat('New contacts').textContent()).toBe(String(lastMonth.newContacts));
      expect(await stat('New customers').textContent()).toBe(String(lastMonth.newCustomers));
      expect(await page.getByRole('button', { name: 'Last month' }).getAttribute('aria-pressed')).toBe('true');

      // In Persian the period reads in the Persian calendar, with Persian digits.
      await page.getByLabel('Language').selectOption('fa');
      await expect.poll(() => page.getByTestId('report-period').textContent()).toMatch(/^از .*۱۴۰[۰-۹].* تا /);
      await page.getByRole('heading', { name: 'گزارش‌ها', level: 1 }).waitFor();
      await expectAccessible(page, 'the reports in Persian');
      await page.close();
    },
    60_000,
  );

  it.skipIf(!browserAvailable)(
    'lets the admin create a team in the settings, and set its strategy in the routing policy',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('table', { name: 'Owners' }).getByText('Ada Lovelace').waitFor();
      // Off the link just clicked: the shell's hovered navigation link is not this screen's to check.
      await page.mouse.move(640, 850);
      await expectAccessible(page, 'the settings');
      await screenshot(page, 'settings');
      await page.getByRole('tab', { name: 'Teams' }).click();
      await page.getByRole('button', { name: 'New team' }).click();
      const dialog = page.getByRole('dialog', { name: 'New team' });
      // The API's own schema refuses an empty name before anything is sent.
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog
        .getByText(/too small|at least|Required|Invalid/i)
        .first()
        .waitFor();
      await dialog.getByLabel('Name').fill('APAC');
      await dialog.getByLabel('Manager').selectOption({ label: 'Margaret Hamilton' });
      await expectAccessible(page, 'the new team dialog');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('table', { name: 'Teams' }).getByText('APAC').waitFor();
      const teams = (await stack.api('GET', '/teams')).json.items as { name: string; managerOwnerId?: string }[];
      expect(teams.find((team) => team.name === 'APAC')?.managerOwnerId).toBe(demoIds.manager);

      // The routing policy has moved beside the scoring model: the settings link to it.
      await page.getByRole('link', { name: 'Open the routing policy' }).click();
      await page.waitForURL(/\/scoring\/routing$/);
      // The demo team shares its leads by weight, Ada taking three for Grace's one.
      await page.getByLabel('Strategy of EMEA & Americas').selectOption('weighted');
      await page.getByLabel('Weight of Ada Lovelace').fill('3');
      await expectAccessible(page, 'the routing policy');
      await page.getByRole('button', { name: 'Save the routing policy' }).click();
      await page.getByText('Routing policy saved').waitFor();
      const policy = (await stack.api('GET', '/routing-policy')).json;
      // Grace keeps the weight of a member the policy does not name: 1.
      expect(policy.teamStrategies[demoIds.team]).toEqual({ strategy: 'weighted', weights: { [demoIds.ada]: 3 } });
      await page.close();
    },
    60_000,
  );
});
