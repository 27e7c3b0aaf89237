import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
} from '../../support/browser.ts';
import { startLocalStack, type RunningStack } from '../../support/local-stack.ts';

/** The machine is shared and busy: a screen may take seconds to answer. */
const patiently = { timeout: 20_000 };
const ada = '01JDEM00WNER00000000000ADA';
const leadCount = 106;
const leadFirstNames = ['Sara', 'نگار', 'Omid', 'ليلى', 'کاوه', 'Yusuf'];
const leadLastNames = ['Rahimi', 'موسوی', 'Haddad', 'الحسن'];
const grace = '01JDEM00WNER000000000GRACE';

let stack: RunningStack;
let browser: Browser;
let consoleUrl: string;
let persepolis: { id: string };
let gracesCompany: { id: string };
beforeAll(async () => {
  // A stack of its own, not the console files' shared one (test/support/console-setup.ts): this file reads the
  // whole unfiltered list (118 contacts in twelve pages, seven customers, two companies), which other files'
  // contacts would change while it reads.
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
  // With the six seeded contacts, seven customers in all.
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
  // And 106 leads, imported as a file would be: 118 contacts, eleven pages of ten and a short twelfth.
  const leads = Array.from({ length: leadCount }, (_, index) => ({
    row: index + 2,
    fields: {
      email: `lead${index + 1}@leads.example`,
      firstName: leadFirstNames[index % leadFirstNames.length] as string,
      lastName: `${leadLastNames[index % leadLastNames.length]} ${index + 1}`,
      lifecycleStage: 'lead',
    },
  }));
  // In batches of 25, as the CLI sends them; rows the API had no time for (deferred) are sent again.
  const created: number[] = [];
  for (let pending = leads; pending.length > 0;) {
    const rows = pending.slice(0, 25);
    const { results } = (await stack.api('POST', '/imports/contacts', { rows })).json;
    const deferred = new Set<number>();
    for (const result of results as { row: number; outcome: string }[]) {
      if (result.outcome === 'deferred') deferred.add(result.row);
      else {
        expect(result.outcome).toBe('created');
        created.push(result.row);
      }
    }
    pending = [...rows.filter((row) => deferred.has(row.row)), ...pending.slice(25)];
  }
  expect(created).toHaveLength(leadCount);
  if (browserAvailable) browser = await connectToSharedBrowser();
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
/** The rows in the page (the list renders only those near the window), in order. */
const contactRows = (page: Page) => contactsTable(page).locator('tbody').getByRole('row');
/** The text of one column of the rows in the page (0: name ... 4: stage). */
const column = (page: Page, index: number) =>
  contactRows(page)
    .locator(`td:nth-child(${index + 1})`)
    .allTextContents();
/** The list's count: "58 contacts, all loaded", "20 contacts loaded, more to come". */
const loadedCount = (page: Page) => page.getByRole('status').filter({ hasText: 'loaded' });
const loaded = async (page: Page) => Number(/\d+/.exec((await loadedCount(page).textContent()) ?? '')?.[0]);
/** The count once the list has stopped reading ahead: no read in flight, and the count unchanged for a second. */
async function settledLoaded(page: Page, reading: () => boolean = () => false): Promise<number> {
  let last = await loaded(page);
  for (let unchanged = 0; unchanged < 4;) {
    await page.waitForTimeout(250);
    const now = await loaded(page);
    unchanged = now === last && !reading() ? unchanged + 1 : 0;
    last = now;
  }
  return last;
}
/** The rows in the page by their place in the list (aria-rowindex, 2 for the first after the header). */
const rowsByPlace = (page: Page) =>
  contactRows(page).evaluateAll((rows) =>
    rows.map((row) => {
      // The test project has no DOM library: the two members used here.
      const element = row as unknown as {
        getAttribute(name: string): string | null;
        querySelector(selector: string): { textContent: string | null } | null;
      };
      return [Number(element.getAttribute('aria-rowindex')), element.querySelector('td')?.textContent ?? ''] as const;
    }),
  );
/** The place in the list of the row holding the keyboard focus; 0 when focus is on no row. */
async function focusedPlace(page: Page): Promise<number> {
  const row = contactRows(page).filter({ has: page.locator(':focus') });
  return (await row.count()) === 1 ? Number(await row.getAttribute('aria-rowindex')) : 0;
}
/** What the console must show in the name column for a contact of the API. */
const shownName = (contact: { firstName?: string; lastName?: string; email: string; emailDisplay?: string }) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || (contact.emailDisplay ?? contact.email);

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
  it('reads the list page by page as Ada scrolls or tabs down it, filters by stage, and opens a contact', async () => {
    const page = await consolePage(browser);
    const listReads: URL[] = [];
    let readsInFlight = 0;
    // The API's list route (the console's own address is /contacts too).
    const isListRead = (url: URL) =>
      url.origin === stack.apiUrl && url.pathname === '/contacts' && url.searchParams.get('limit') === '10';
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!isListRead(url)) return;
      listReads.push(url);
      readsInFlight++;
    });
    const readDone = (request: { url(): string }) => {
      if (isListRead(new URL(request.url()))) readsInFlight--;
    };
    page.on('requestfinished', readDone);
    page.on('requestfailed', readDone);
    const reading = () => readsInFlight > 0;
    await openAs(page, 'ada', '/contacts?limit=10');
    const table = contactsTable(page);
    await expect.poll(() => loadedCount(page).textContent(), patiently).toMatch(/^\d+ contacts loaded, more to come$/);
    // The first pages fill the window, and no more: the list is never read whole up front.
    const firstLoaded = await settledLoaded(page, reading);
    expect(firstLoaded % 10).toBe(0);
    expect(firstLoaded).toBeLessThan(118);
    expect(await table.getAttribute('aria-rowcount')).toBe('-1');
    await expectAccessible(page, 'the contact list');
    await screenshot(page, 'contacts');

    // "Load more" reads one more page and puts focus on its first row (from there the list reads ahead again).
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => loaded(page), patiently).toBeGreaterThanOrEqual(firstLoaded + 10);
    // The first row of the page it brought: a row past the first pages, at a page's start.
    await expect.poll(() => focusedPlace(page), patiently).toBeGreaterThanOrEqual(firstLoaded + 2);
    expect(((await focusedPlace(page)) - 2) % 10).toBe(0);
    await expectAccessible(page, 'the contact list after Load more');

    // From the keyboard: Tab from row to row brings each next row into view, and near the end the next page.
    const beforeTabbing = await settledLoaded(page, reading);
    expect(beforeTabbing).toBeLessThan(118);
    let deepest = 0;
    for (let presses = 0; presses < 120 && (await loaded(page)) === beforeTabbing; presses++) {
      await page.keyboard.press('Tab');
      const place = await focusedPlace(page);
      // Past the last row loaded, Tab reaches "Load more" (the next page may still be on its way).
      if (place === 0) break;
      deepest = Math.max(deepest, place);
    }
    expect(deepest).toBeGreaterThan(firstLoaded + 2);
    await expect.poll(() => loaded(page), patiently).toBeGreaterThan(beforeTabbing);

    // With the mouse wheel to the end, noting every row as it passes through the window.
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).scrollIntoViewIfNeeded();
    const box = await table.boundingBox();
    await page.mouse.move((box?.x ?? 0) + 200, 600);
    const seen = new Map<number, string>();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      for (const [place, name] of await rowsByPlace(page)) seen.set(place, name);
      if ((await table.getAttribute('aria-rowcount')) === '119' && seen.has(119)) break;
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(50);
    }
    await expect.poll(() => loadedCount(page).textContent(), patiently).toBe('118 contacts, all loaded');
    expect(await table.getAttribute('aria-rowcount')).toBe('119');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // Every contact the API lists, each once, in the API's order (newest first), at its place.
    const listed = [];
    for (let cursor = ''; ;) {
      const apiPage = (await stack.api('GET', `/contacts?limit=100${cursor}`, undefined, { as: 'salesAda' })).json;
      listed.push(...apiPage.items);
      if (!apiPage.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(apiPage.nextCursor)}`;
    }
    expect(listed).toHaveLength(118);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 118 }, (_, index) => index + 2));
    expect([...seen.entries()].sort(([a], [b]) => a - b).map(([, name]) => name)).toEqual(listed.map(shownName));
    // Twelve pages of ten, each read once (each cursor once); only the rows near the window are in the page.
    expect(listReads.map((url) => url.searchParams.get('cursor'))).toHaveLength(12);
    expect(new Set(listReads.map((url) => url.searchParams.get('cursor'))).size).toBe(12);
    expect(await contactRows(page).count()).toBeLessThan(50);

    await chooseOption(page, 'Stage', 'Customer');
    await page.waitForURL(/stage=customer/);
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Stage', exact: true }).inputValue(), patiently)
      .toBe('Customer');
    await expect.poll(() => column(page, 4), patiently).toEqual(Array(7).fill('Customer'));
    await expect.poll(() => loadedCount(page).textContent(), patiently).toBe('7 contacts, all loaded');
    // Another filter is another list: read from its first page, shown from its first row.
    const customerReads = listReads.filter((url) => url.searchParams.get('lifecycleStage') === 'customer');
    expect(customerReads.map((url) => url.searchParams.get('cursor'))).toEqual([null]);
    expect(await rowsByPlace(page).then((rows) => rows[0]?.[0])).toBe(2);
    expect(await column(page, 0)).toContain('Noah Williams');
    await expectAccessible(page, 'the contact list filtered by stage');

    // The row's name is a real link: reachable and followed from the keyboard.
    const noah = table.getByRole('link', { name: 'Noah Williams' });
    const href = await noah.getAttribute('href');
    expect(href).toMatch(/^\/contacts\/[0-9A-Z]{26}$/);
    await noah.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${consoleUrl}${href}`);
    await page.close();
  }, 180_000);

  it('lays the list out right to left in Persian, with Persian digits and names as written', async () => {
    const page = await consolePage(browser);
    await openAs(page, 'ada', '/contacts?limit=25');
    await page.getByLabel('Language').selectOption('fa');
    await expect.poll(() => page.locator('html').getAttribute('dir'), patiently).toBe('rtl');
    const table = page.getByRole('table', { name: 'مخاطبان' });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'بارگذاری' }).textContent(), patiently)
      .toMatch(/^[۰-۹]+ مخاطب بارگذاری شد، موارد بیشتری هست$/);
    const persianLead = table.getByRole('link', { name: /^نگار موسوی \d+$/ }).first();
    await persianLead.waitFor();
    expect(await persianLead.getAttribute('dir')).toBe('auto');
    await expectAccessible(page, 'the contact list in Persian');
    await screenshot(page, 'contacts-fa');
    await page.getByLabel('زبان').selectOption('en');
    await page.close();
  }, 60_000);

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
    await expect.poll(() => marketing.getByText('7 contacts', { exact: true }).count(), patiently).toBe(1);
    // Pages of five: the view's list reads its second page to fill the window.
    await expect.poll(() => column(marketing, 4), patiently).toEqual(Array(7).fill('Customer'));
    expect(await loadedCount(marketing).textContent()).toBe('7 contacts, all loaded');
    await expectAccessible(marketing, 'a saved view');
    await marketing.close();
  }, 120_000);
});
