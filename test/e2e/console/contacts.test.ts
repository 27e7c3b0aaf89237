import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, consolePage, expectAccessible, launchBrowser, screenshot } from '../../support/browser.ts';
import { startLocalStack, type RunningStack } from '../../support/local-stack.ts';

/** The machine is shared and busy: a screen may take seconds to answer. */
const patiently = { timeout: 20_000 };
const ada = '01JDEM00WNER00000000000ADA';
const grace = '01JDEM00WNER000000000GRACE';

let stack: RunningStack;
let browser: Browser;
let consoleUrl: string;
let persepolis: { id: string };
let gracesCompany: { id: string };
beforeAll(async () => {
  stack = await startLocalStack(['--seed', '--console-port', '0']);
  consoleUrl = stack.consoleUrl as string;
  persepolis = (
    await stack.api('POST', '/companies', {
      name: 'Persepolis Trading',
      domain: 'persepolis.example',
      industry: 'Logistics',
      size: '51-200',
      ownerId: ada,
    })
  ).json;
  gracesCompany = (
    await stack.api('POST', '/companies', { name: 'Brightpath', domain: 'brightpath.example', ownerId: grace })
  ).json;
  // With the six seeded contacts, enough for three pages of five; seven customers in all (two pages of five).
  for (let index = 1; index <= 6; index++) {
    const created = await stack.api('POST', '/contacts', {
      email: `buyer${index}@persepolis.example`,
      firstName: `Buyer${index}`,
      lastName: 'Karimi',
      lifecycleStage: 'customer',
      ownerId: ada,
    });
    expect(created.status).toBe(201);
  }
  if (browserAvailable) browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The little of the DOM an in-page function here reads (the tests compile without the DOM's types). */
type ElementInPage = {
  getAttribute(name: string): string | null;
  ownerDocument: { getElementById(id: string): { textContent: string | null } | null };
};

const contactsTable = (page: Page) => page.getByRole('table', { name: 'Contacts' });
/** The text of one column of the contacts table, row by row (0: name ... 4: stage). */
const column = (page: Page, index: number) =>
  contactsTable(page)
    .locator('tbody tr')
    .locator(`td:nth-child(${index + 1})`)
    .allTextContents();

/** Opens a screen as a person would from a link: the console sends them to sign in, then back to the screen. */
async function openAs(page: Page, username: 'ada' | 'marketing', path: string) {
  await page.goto(`${consoleUrl}${path}`);
  await page.waitForURL(/\/sign-in$/);
  await page.getByRole('button', { name: new RegExp(`^${username} \\(`) }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor();
  await page.waitForURL(`${consoleUrl}${path}`);
}

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!browserAvailable)('the contacts and companies screens, as Ada', () => {
  it('pages forward and back, filters by stage, and opens a contact from its row', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/contacts?limit=5');
    await expect.poll(() => column(page, 0).then((names) => names.length), patiently).toBe(5);
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Pages' }).textContent(), patiently)
      .toContain('Page 1');
    const firstPage = await column(page, 0);
    await expectAccessible(page, 'the contact list');
    await screenshot(page, 'contacts');

    const pages = page.getByRole('navigation', { name: 'Pages' });
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => pages.textContent(), patiently).toContain('Page 2');
    await expect.poll(() => column(page, 0), patiently).not.toEqual(firstPage);
    const secondPage = await column(page, 0);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => pages.textContent(), patiently).toContain('Page 3');
    // 6 seeded + 6 created = 12: the third page holds the last two, and there is no fourth.
    await expect.poll(() => column(page, 0).then((names) => names.length), patiently).toBe(2);
    expect(await pages.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Previous' }).click();
    await pages.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => pages.textContent(), patiently).toContain('Page 1');
    await expect.poll(() => column(page, 0), patiently).toEqual(firstPage);
    expect(await pages.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);

    await chooseOption(page, 'Stage', 'Customer');
    await page.waitForURL(/stage=customer/);
    // The router changes the address first and renders the filtered screen in a transition: until the Stage
    // box shows the choice, the table and its Next button are still the unfiltered list's (whose first five
    // rows are customers too), and a click on Next would be lost when the filtered screen replaces it.
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Stage', exact: true }).inputValue(), patiently)
      .toBe('Customer');
    await expect.poll(() => column(page, 4), patiently).toEqual(Array(5).fill('Customer'));
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => column(page, 4), patiently).toEqual(Array(2).fill('Customer'));
    expect(await column(page, 0)).toContain('Noah Williams');
    await expectAccessible(page, 'the contact list filtered by stage');

    // The row's name is a real link: reachable and followed from the keyboard.
    const noah = contactsTable(page).getByRole('link', { name: 'Noah Williams' });
    const href = await noah.getAttribute('href');
    expect(href).toMatch(/^\/contacts\/[0-9A-Z]{26}$/);
    await noah.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${consoleUrl}${href}`);
    await page.close();
  }, 120_000);

  it('creates a contact with a Persian name from the form, with the API own error on a bad email first', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/contacts?limit=5');
    await page.getByRole('button', { name: 'New contact' }).click();
    const form = page.getByRole('dialog', { name: 'New contact' });
    await form.getByLabel('First name').fill('زهرا');
    await form.getByLabel('Last name').fill('احمدی');
    await form.getByRole('textbox', { name: 'Email' }).fill('zahra.ahmadi');
    await form.getByRole('button', { name: 'Create contact' }).click();
    const refused = await stack.api('POST', '/contacts', { email: 'zahra.ahmadi' }, { as: 'salesAda' });
    expect(refused.status).toBe(400);
    const apiMessage: string = refused.json.errors.find(
      (error: { pointer: string }) => error.pointer === '/email',
    ).message;
    const email = form.getByRole('textbox', { name: 'Email' });
    await expect.poll(() => email.getAttribute('aria-invalid'), patiently).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(
      describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()),
    );
    expect(descriptions).toContain(apiMessage);
    await expectAccessible(page, 'the new contact form with an error');

    await email.fill('zahra.ahmadi@persepolis.example');
    await form.getByRole('button', { name: 'Create contact' }).click();
    await form.waitFor({ state: 'detached' });
    // Newest first: the new contact heads the first page.
    await expect.poll(() => column(page, 0).then((names) => names[0]), patiently).toBe('زهرا احمدی');
    expect((await column(page, 1))[0]).toBe('zahra.ahmadi@persepolis.example');
    await expect.poll(() => column(page, 2).then((companies) => companies[0]), patiently).toBe('Persepolis Trading');

    // The same email again: the API's 409, with a link to the contact that has it.
    await page.getByRole('button', { name: 'New contact' }).click();
    await form.getByRole('textbox', { name: 'Email' }).fill('Zahra.Ahmadi@persepolis.example');
    await form.getByRole('button', { name: 'Create contact' }).click();
    const alert = form.getByRole('alert');
    await expect.poll(() => alert.textContent(), patiently).toContain('A contact with this email already exists.');
    const existing = await contactsTable(page).getByRole('link', { name: 'زهرا احمدی' }).getAttribute('href');
    expect(await alert.getByRole('link', { name: 'Open the existing contact' }).getAttribute('href')).toBe(existing);
    await page.close();
  }, 120_000);

  it('finds a contact by the start of a name or by email, and opens it', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/contacts');
    const find = page.getByRole('combobox', { name: 'Quick find' });
    await find.fill('mari');
    const maria = page.getByRole('option', { name: /^Maria Schmidt · maria\.schmidt@example\.de$/ });
    await maria.waitFor();
    await expectAccessible(page, 'the quick find open');
    await maria.click();
    await page.waitForURL(/\/contacts\/[0-9A-Z]{26}$/);
    const mariaUrl = page.url();

    await page.goBack();
    await page.waitForURL(`${consoleUrl}/contacts`);
    // The list loaded: typing before it does can be lost when the screen renders anew (on a busy machine).
    await contactsTable(page).locator('tbody tr').first().waitFor(patiently);
    await find.fill('MARIA.SCHMIDT@example.de');
    // An email finds its one contact; from the keyboard: arrow down to it, Enter opens it.
    await page.getByRole('option', { name: /^Maria Schmidt · maria\.schmidt@example\.de$/ }).waitFor();
    // From the keyboard: arrow down until Maria is the active option (as a person reads it), Enter opens her.
    // Read in one step in the page: the list may render anew between reading the id and reading its option,
    // and a stale id then finds nothing; after such a render, the next arrow press finds her again.
    const activeOption = () =>
      find.evaluate((input: ElementInPage) => {
        const id = input.getAttribute('aria-activedescendant');
        return (id && input.ownerDocument.getElementById(id)?.textContent) || '';
      });
    await expect
      .poll(async () => {
        const active = await activeOption();
        if (!/^Maria Schmidt · maria\.schmidt@/.test(active)) await find.press('ArrowDown');
        return active;
      }, patiently)
      .toMatch(/^Maria Schmidt · maria\.schmidt@example\.de$/);
    await find.press('Enter');
    await page.waitForURL(mariaUrl);
    await page.close();
  }, 60_000);

  it('lists companies and shows a company with its contacts, editable only by those who may', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/companies');
    const list = page.getByRole('table', { name: 'Companies' });
    await list.getByRole('link', { name: 'Persepolis Trading' }).waitFor();
    expect(await list.locator('tbody tr td:first-child').allTextContents()).toEqual([
      'Brightpath',
      'Persepolis Trading',
    ]);
    await expectAccessible(page, 'the company list');
    await screenshot(page, 'companies');

    await list.getByRole('link', { name: 'Persepolis Trading' }).click();
    await page.waitForURL(`${consoleUrl}/companies/${persepolis.id}`);
    await page.getByRole('heading', { name: 'Persepolis Trading' }).waitFor();
    const contacts = page.getByRole('table', { name: 'Contacts' });
    await expect
      .poll(() => contacts.locator('tbody tr td:first-child').allTextContents(), patiently)
      .toEqual(expect.arrayContaining(['Buyer1 Karimi', 'Buyer6 Karimi', 'زهرا احمدی']));
    await expect
      .poll(() => page.getByRole('region', { name: 'Deals' }).textContent(), patiently)
      .toContain('No deals with this company yet.');
    expect(await page.getByRole('region', { name: 'Details' }).textContent()).toContain('Ada Lovelace');
    await expectAccessible(page, 'a company record');

    // Ada's own company: she edits it, with If-Match.
    await page.getByRole('button', { name: 'Edit company' }).click();
    await page.getByRole('textbox', { name: 'Industry' }).fill('Freight');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Details' }).textContent(), patiently)
      .toContain('Freight');

    // Someone else changes it while she edits: 412, said plainly, and the latest version shown.
    await page.getByRole('button', { name: 'Edit company' }).click();
    await page.getByRole('textbox', { name: 'Industry' }).fill('Shipping');
    expect((await stack.api('PATCH', `/companies/${persepolis.id}`, { industry: 'Trade' })).status).toBe(200);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), patiently)
      .toContain('Someone else changed this company');
    await expect.poll(() => page.getByRole('region', { name: 'Details' }).textContent(), patiently).toContain('Trade');
    expect((await stack.api('GET', `/companies/${persepolis.id}`)).json.industry).toBe('Trade');

    await page.getByRole('link', { name: 'All companies' }).click();
    await chooseOption(page, 'Owner', 'Grace Hopper');
    await expect
      .poll(() => list.locator('tbody tr td:first-child').allTextContents(), patiently)
      .toEqual(['Brightpath']);
    await list.getByRole('link', { name: 'Brightpath' }).click();
    await page.waitForURL(`${consoleUrl}/companies/${gracesCompany.id}`);
    await page.getByRole('heading', { name: 'Brightpath' }).waitFor();
    // Grace's company: Ada, a sales rep, may not change it, and sees no edit control.
    expect(await page.getByRole('button', { name: 'Edit company' }).count()).toBe(0);
    await page.close();
  }, 120_000);

  it('saves the current filter as a view (marketing), shows its members and count; Ada has no save button', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/contacts?stage=customer');
    await contactsTable(page).waitFor();
    expect(await page.getByRole('button', { name: 'Save current filters as a view' }).count()).toBe(0);
    await page.close();

    const marketing = await consolePage(browser);
    await openAs(marketing, 'marketing', '/contacts?stage=customer&limit=5');
    await marketing.getByRole('button', { name: 'Save current filters as a view' }).click();
    const dialog = marketing.getByRole('dialog', { name: 'Save as a view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Customers');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await marketing.waitForURL(/view=[0-9A-Z]{26}/);
    const segmentId = new URL(marketing.url()).searchParams.get('view');
    const segment = (await stack.api('GET', `/segments/${segmentId}`)).json;
    expect(segment.filter).toEqual({ lifecycleStages: ['customer'] });
    await expect.poll(() => marketing.getByText('7 contacts').count(), patiently).toBe(1);
    await expect.poll(() => column(marketing, 4), patiently).toEqual(Array(5).fill('Customer'));
    await expectAccessible(marketing, 'a saved view');
    await marketing.close();
  }, 120_000);
});
