import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '#local/seed.ts';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { startLocalStack, type RunningStack } from '../../support/local-stack.ts';

let stack: RunningStack;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  // A stack of its own, not the console files' shared one (test/support/console-setup.ts): this file moves the
  // demo's deals on the demo Sales board and counts its columns and today's won revenue, all of which are the
  // whole table's.
  stack = await startLocalStack(['--seed', '--console-port', '0']);
  if (browserAvailable) {
    browser = await connectToSharedBrowser();
    page = await consolePage(browser);
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const euros = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);

/** The API's board, as admin: each stage's deals and its EUR total. */
async function apiBoard() {
  const board = await stack.api('GET', `/pipelines/${demoIds.pipeline}/board`);
  expect(board.status).toBe(200);
  return board.json as {
    columns: {
      stage: { id: string };
      deals: { id: string; name: string; version: number }[];
      totals: { currency: string; amount: number }[];
    }[];
  };
}
const eurTotal = (board: Awaited<ReturnType<typeof apiBoard>>, stageId: string) =>
  board.columns.find((column) => column.stage.id === stageId)?.totals.find((total) => total.currency === 'EUR')
    ?.amount ?? 0;
const dealNamed = (board: Awaited<ReturnType<typeof apiBoard>>, name: string) => {
  const deal = board.columns.flatMap((column) => column.deals).find((each) => each.name === name);
  if (!deal) throw new Error(`no deal ${name} on the board`);
  return deal;
};

const column = (stageId: string) => page.getByTestId(`column-${stageId}`);
const card = (name: string) => page.getByTestId('deal-card').filter({ hasText: name });
const columnTotal = (stageId: string) => page.getByTestId(`column-totals-${stageId}`).getByTestId('total');
/** The board's read after a move (the mutation reads it again for the API's totals). */
const boardRead = () =>
  page.waitForResponse(
    (response) =>
      response.url().includes(`/pipelines/${demoIds.pipeline}/board`) && response.request().method() === 'GET',
  );

async function centerOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const today = () => new Date().toISOString().slice(0, 10);
async function newBusinessRevenueToday(): Promise<number> {
  const kpis = await stack.api('GET', `/reports/kpis?from=${today()}&to=${today()}`);
  expect(kpis.status).toBe(200);
  return kpis.json.revenue.newBusiness.EUR ?? 0;
}

describe.skipIf(!browserAvailable)('the Deals screen', () => {
  it('signs Ada in and shows the Sales pipeline board with its column totals', async () => {
    await signInAs(page, stack.consoleUrl as string, 'ada');
    await page.getByRole('navigation').getByRole('link', { name: 'Deals' }).click();
    await page.mouse.move(640, 840); // off the link: axe checks the colours as they are, hover included
    await page.getByRole('heading', { name: 'Deals', level: 1 }).waitFor();
    // Her own deals carry a drag handle (once the console knows which owner she is).
    await page.getByRole('button', { name: 'Drag Nordlicht annual plan to another stage' }).waitFor();
    const board = await apiBoard();
    await expect
      .poll(() => columnTotal('qualified').first().textContent())
      .toBe(`Total ${euros(eurTotal(board, 'qualified'))}`);
    await expect
      .poll(() => page.getByTestId('column-totals-qualified').getByTestId('weighted').first().textContent())
      .toBe(`weighted ${euros(eurTotal(board, 'qualified') * 0.25)}`);
    await expect
      .poll(() =>
        column('qualified')
          .getByText(/\d+ deals?$/)
          .textContent(),
      )
      .toBe('25% to win · 2 deals');
    await expectAccessible(page, 'the deals board');
    await screenshot(page, 'deals-board');
  }, 90_000);

  it('as Ada, shows no drag handle and no move menu on Grace’s deal', async () => {
    const graces = card('Brightpath platform');
    await graces.waitFor();
    expect(await graces.getByRole('button').count()).toBe(0);
    // Her own card in the same column has both.
    const ours = card('قرارداد نساجی پارس');
    expect(await ours.getByRole('button').count()).toBe(2);
  });

  it('drags Ada’s deal to Won with the mouse, asks the reason, and the totals and the Reports follow', async () => {
    const before = await apiBoard();
    const revenueBefore = await newBusinessRevenueToday();
    const handle = page.getByRole('button', { name: 'Drag Nordlicht annual plan to another stage' });
    const from = await centerOf(handle);
    const to = await centerOf(column('won'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    // dnd-kit starts a drag only past its activation distance, from pointer moves.
    await page.mouse.move(from.x + 12, from.y + 4, { steps: 4 });
    await page.mouse.move(to.x, to.y, { steps: 20 });
    await page.mouse.up();

    const dialog = page.getByRole('dialog', { name: 'Why was “Nordlicht annual plan” won?' });
    await dialog.waitFor();
    await dialog.getByLabel('Reason').fill('Signed the three-year plan');
    const read = boardRead();
    await dialog.getByRole('button', { name: 'Move to Won' }).click();
    await read;

    await expect.poll(() => column('won').getByText('Nordlicht annual plan').count()).toBe(1);
    expect(await column('qualified').getByText('Nordlicht annual plan').count()).toBe(0);
    await expect
      .poll(() => columnTotal('won').first().textContent())
      .toBe(`Total ${euros(eurTotal(before, 'won') + 24_000)}`);
    await expect
      .poll(() => columnTotal('qualified').first().textContent())
      .toBe(`Total ${euros(eurTotal(before, 'qualified') - 24_000)}`);
    const deal = await stack.api('GET', `/deals/${dealNamed(before, 'Nordlicht annual plan').id}`);
    expect(deal.json).toMatchObject({ stageId: 'won', status: 'won', closeReason: 'Signed the three-year plan' });

    // The deal's page says why it was won, and when it moved.
    await column('won').getByRole('link', { name: 'Nordlicht annual plan' }).click();
    await expect.poll(() => page.getByTestId('close-reason').textContent()).toBe('Signed the three-year plan');
    await expect.poll(() => page.getByTestId('deal-history').textContent()).toContain('Moved from Qualified to Won');
    await expectAccessible(page, 'a deal page');
    await page.getByRole('link', { name: 'Back to the board' }).click();
    await page.getByRole('button', { name: 'Drag Harbor Freight expansion to another stage' }).waitFor();

    // The Reports' figures count the won revenue (the KPI subscriber counts Deal Won from the event bus).
    await expect.poll(newBusinessRevenueToday, { timeout: 30_000, interval: 500 }).toBe(revenueBefore + 24_000);
  }, 90_000);

  it('moves a deal from the keyboard, with the moves announced', async () => {
    const handle = page.getByRole('button', { name: 'Drag Harbor Freight expansion to another stage' });
    await handle.focus();
    await page.keyboard.press('Space');
    // dnd-kit's live region: the stage the card is over as it moves, then where it was dropped.
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Harbor Freight expansion is over the stage Negotiation.');
    await page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Harbor Freight expansion is over the stage Proposal sent.');
    const read = boardRead();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Harbor Freight expansion was dropped on the stage Proposal sent.');
    await read;
    await expect.poll(() => column('proposal').getByText('Harbor Freight expansion').count()).toBe(1);
    const deal = await stack.api('GET', `/deals/${dealNamed(await apiBoard(), 'Harbor Freight expansion').id}`);
    expect(deal.json).toMatchObject({ stageId: 'proposal', status: 'open' });
  }, 60_000);

  it('says when someone else changed the deal (412), shows it refreshed, and the next move goes through', async () => {
    const target = dealNamed(await apiBoard(), 'قرارداد نساجی پارس');
    // Behind the board's back: an admin changes the amount through the API.
    const patched = await stack.api('PATCH', `/deals/${target.id}`, { amount: 19_750 });
    expect(patched.status).toBe(200);

    await page.getByRole('button', { name: 'Move قرارداد نساجی پارس to…' }).click();
    const read = boardRead();
    await page.getByRole('menuitem', { name: 'Negotiation' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this deal' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('“قرارداد نساجی پارس” was changed by someone else');
    await read;
    // The card is the deal as it is now: the new amount, still in its stage.
    await expect.poll(() => card('قرارداد نساجی پارس').getByTestId('amount').textContent()).toBe(euros(19_750));
    expect(await column('proposal').getByText('قرارداد نساجی پارس').count()).toBe(1);
    expect((await stack.api('GET', `/deals/${target.id}`)).json).toMatchObject({ stageId: 'proposal', version: 2 });

    await page.getByRole('button', { name: 'Move قرارداد نساجی پارس to…' }).click();
    await page.getByRole('menuitem', { name: 'Negotiation' }).click();
    await expect.poll(() => column('negotiation').getByText('قرارداد نساجی پارس').count()).toBe(1);
    await expect.poll(async () => (await stack.api('GET', `/deals/${target.id}`)).json.stageId).toBe('negotiation');
  }, 60_000);

  it('lists deals by each of the API’s filters, page by page with the cursor', async () => {
    // A company with 27 deals, in a pipeline of their own so the Sales board stays as it was.
    const company = await stack.api('POST', '/companies', { name: 'Caspian Freight', domain: 'caspian.example' });
    expect(company.status).toBe(201);
    const pipeline = await stack.api('POST', '/pipelines', {
      name: 'Renewals',
      stages: [
        { id: 'due', name: 'Due', probability: 0.6 },
        { id: 'won', name: 'Renewed', probability: 1, kind: 'won' },
        { id: 'lost', name: 'Churned', probability: 0, kind: 'lost' },
      ],
    });
    expect(pipeline.status).toBe(201);
    for (let index = 1; index <= 27; index++) {
      const created = await stack.api('POST', '/deals', {
        name: `Caspian renewal ${String(index).padStart(2, '0')}`,
        pipelineId: pipeline.json.id,
        companyId: company.json.id,
        amount: 1000 + index,
        type: 'renewal',
      });
      expect(created.status).toBe(201);
    }

    await page.getByRole('link', { name: 'List view' }).click();
    const table = page.getByTestId('deals-table');
    await table.waitFor();
    // By default, Ada's own deals: none of Grace's.
    await expect.poll(() => table.getByText('Nordlicht annual plan').count()).toBe(1);
    expect(await table.getByText('Brightpath platform').count()).toBe(0);
    await expectAccessible(page, 'the deals list');
    await screenshot(page, 'deals-list');

    await page.getByRole('radiogroup', { name: 'Filter by' }).getByText('Stage', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Stage' }).selectOption({ label: 'Won' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.getByText('Tidewater Studio renewal').count()).toBe(1);

    await page.getByRole('radiogroup', { name: 'Filter by' }).getByText('Company', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Company' }).selectOption({ label: 'Caspian Freight' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    expect(await page.getByText('Page 1').count()).toBe(1);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    // Newest first: the first two created are on the second page.
    expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual([
      'Caspian renewal 02',
      'Caspian renewal 01',
    ]);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
  }, 90_000);
});
