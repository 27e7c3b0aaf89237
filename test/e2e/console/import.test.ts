import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  consolePage,
  downloadedText,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { crmExports, fixtureOwners, writeContactsCsv } from '../../support/csv-fixtures.ts';
import { sharedConsoleStack, type SharedConsoleStack } from '../../support/console-stack.ts';

let stack: SharedConsoleStack;
let browser: Browser;
let consoleUrl: string;
const ownerIds = new Map<string, string>();

beforeAll(async () => {
  stack = await sharedConsoleStack();
  consoleUrl = stack.consoleUrl;
  for (const owner of fixtureOwners) {
    const created = await stack.api('POST', '/owners', owner);
    expect(created.status).toBe(201);
    ownerIds.set(owner.email, created.json.id);
  }
  if (browserAvailable) browser = await connectToSharedBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

/** The console on a loaded machine may take seconds to show what the API answered. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 20_000, ...options });

/** HubSpot's export (BOM, CRLF; a Persian name and a Persian-digit phone on line 3) and one bad row, line 11. */
const hubspotCsv = `${crmExports.hubspot.csv}51234510,Bad,Row,not-an-email,,,Lead,,2024-01-01 10:00,,Germany,,\r\n`;
const badLine = 11;

/** Drops a file on the import screen's drop zone, as a person dragging it from their desktop. */
async function dropFile(page: Page, name: string, content: string | number[], type = 'text/csv') {
  const dataTransfer = await page.evaluateHandle(
    ({ name, content, type }) => {
      // Runs in the page (the DOM's DataTransfer and File; this project's types are Node's).
      const { DataTransfer, File } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
      };
      const transfer = new DataTransfer();
      const body = typeof content === 'string' ? content : new Uint8Array(content);
      transfer.items.add(new File([body], name, { type }));
      return transfer;
    },
    { name, content, type },
  );
  await page.getByRole('button', { name: /Drop a CSV file here|فایل CSV را اینجا رها کنید/ }).dispatchEvent('drop', {
    dataTransfer,
  });
}

const countOf = (page: Page, outcome: RegExp) =>
  page.getByRole('table', { name: 'Rows by outcome' }).getByRole('row', { name: outcome }).getByRole('cell');

async function contactsByEmail(domain: string) {
  const page = await stack.api('GET', '/contacts?limit=100');
  expect(page.status).toBe(200);
  const items = page.json.items as { email: string; [field: string]: unknown }[];
  return new Map(items.filter((contact) => contact.email.endsWith(domain)).map((contact) => [contact.email, contact]));
}

describe('the import screen', () => {
  it.skipIf(!browserAvailable)(
    'imports a HubSpot export as marketing: detected, a column changed, previewed, imported, reported; again all unchanged',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'marketing');
      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();

      // What cannot be imported is said plainly, before anything is sent.
      await dropFile(page, 'photo.png', [0x89, 0x50, 0x4e, 0x47], 'image/png');
      await poll(() => page.getByRole('alert').textContent()).toContain('This is not a CSV file.');
      await dropFile(page, 'broken.csv', 'Email,Note\na@example.com,x\nb@example.com,"never closed\nc@example.com,y\n');
      await poll(() => page.getByRole('alert').textContent()).toContain('Line 3: a quoted cell is never closed');

      await dropFile(page, 'hubspot-contacts.csv', hubspotCsv);
      await poll(() => page.getByTestId('file-summary').textContent()).toBe(
        'hubspot-contacts.csv: rows: 10, columns: 13',
      );
      expect(await page.getByTestId('file-source').textContent()).toBe('Read as a HubSpot export, as its header says.');
      // The columns as the CLI's suggestColumns reads them, with confidence and reason.
      const columns = page.getByRole('table', { name: "The file's columns and the Relay fields they go to" });
      expect(await columns.getByLabel('Field for column Email').inputValue()).toBe('email');
      expect(await columns.getByLabel('Field for column Contact owner').inputValue()).toBe('owner');
      expect(await columns.getByLabel('Field for column Record ID').inputValue()).toBe('ignore');
      expect(await columns.getByLabel('Custom field name for column Lead Status').inputValue()).toBe('leadStatus');
      const emailRow = columns.getByRole('row', { name: /^Email/ });
      expect(await emailRow.textContent()).toContain('High');
      expect(await emailRow.textContent()).toContain("HubSpot's Email column");

      const preview = page.getByRole('table', { name: 'What the first rows would become' });
      await poll(() => page.getByTestId('preview-summary').textContent()).toBe(
        'Would be created: 9. Merged: 0. Unchanged: 0. Rejected: 1.',
      );
      // Change two columns: the job title is left out, Lead Status goes to a custom field of another name.
      await columns.getByLabel('Field for column Job Title').selectOption('ignore');
      const leadStatus = columns.getByLabel('Custom field name for column Lead Status');
      await leadStatus.fill('hubspotStatus');
      await leadStatus.press('Enter');
      // The preview runs again with the new mapping.
      const maryam = preview.getByRole('row', { name: /maryam@hs-import\.example/ });
      await poll(() => maryam.textContent()).toContain('custom.hubspotStatus: IN_PROGRESS');
      const maryamRow = (await maryam.textContent()) ?? '';
      expect(maryamRow).toContain('Created');
      expect(maryamRow).toContain('مریم میرزاخانی');
      expect(maryamRow).toContain('+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹');
      expect(maryamRow).not.toContain('پژوهشگر'); // the job title is left out now
      const bad = preview.getByRole('row', { name: /^11\b/ });
      expect(await bad.textContent()).toContain('Rejected');
      expect(await bad.textContent()).toContain('/email');
      const formerRep = preview.getByRole('row', { name: /alan@hs-import\.example/ });
      expect(await formerRep.textContent()).toContain('imported without an owner');
      await poll(() => page.getByTestId('preview-summary').textContent()).toBe(
        'Would be created: 9. Merged: 0. Unchanged: 0. Rejected: 1.',
      );
      // A preview writes nothing.
      expect((await contactsByEmail('@hs-import.example')).size).toBe(0);
      await expectAccessible(page, 'the import screen with its preview');
      await page.getByRole('heading', { name: 'Import', level: 1 }).scrollIntoViewIfNeeded();
      await screenshot(page, 'import');

      await page.getByRole('button', { name: 'Import 10 rows' }).click();
      const progress = page.getByRole('progressbar', { name: 'Importing hubspot-contacts.csv' });
      await progress.waitFor();
      expect(await progress.getAttribute('aria-valuemax')).toBe('10');
      await poll(() => progress.getAttribute('aria-valuenow')).toBe('10');
      await poll(() => countOf(page, /^Created/).textContent()).toBe('9');
      expect(await countOf(page, /^Rejected/).textContent()).toBe('1');
      expect(await countOf(page, /^Unchanged/).textContent()).toBe('0');
      const rejected = page.getByRole('table', { name: 'Rejected rows' }).getByRole('row', { name: /^11\b/ });
      expect(await rejected.textContent()).toContain('not-an-email');
      expect(await rejected.textContent()).toContain('/email');
      const warned = page.getByRole('table', { name: 'Rows imported with warnings' });
      expect(await warned.getByRole('row', { name: /^6\b/ }).textContent()).toContain('Former Rep');
      await expectAccessible(page, 'the import report');
      await screenshot(page, 'import-report');

      // The report, downloadable, names the rejected row with its line, email and reason.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download report (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('hubspot-contacts-import-report.csv');
      const reportCsv = await downloadedText(download);
      expect(reportCsv).toContain(`${badLine},rejected,not-an-email,/email,`);
      expect(reportCsv).toContain('6,created,alan@hs-import.example,/ownerId,');
      const [jsonDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download report (JSON)' }).click(),
      ]);
      const reportJson = JSON.parse(await downloadedText(jsonDownload));
      expect(reportJson).toMatchObject({ status: 'complete', source: 'hubspot', rows: 10, created: 9, rejected: 1 });

      // What the preview said is what the API stored.
      const stored = await contactsByEmail('@hs-import.example');
      expect([...stored.keys()].sort()).toEqual(Object.keys(crmExports.hubspot.expected).sort());
      expect(stored.get('maryam@hs-import.example')).toMatchObject({
        firstName: 'مریم',
        lastName: 'میرزاخانی',
        phone: '+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹',
        phoneE164: '+989123456789',
        lifecycleStage: 'sql',
        country: 'IR',
        customFields: { hubspotStatus: 'IN_PROGRESS' },
        ownerId: ownerIds.get('katherine@relay-import.example'),
      });
      expect(stored.get('maryam@hs-import.example')?.jobTitle).toBeUndefined();
      expect(stored.get('alan@hs-import.example')?.ownerId).toBeUndefined();

      // The same file and mapping again: every row unchanged, in the preview and in the import.
      await page.getByRole('button', { name: 'Back to this file' }).click();
      await poll(() => page.getByTestId('preview-summary').textContent()).toBe(
        'Would be created: 0. Merged: 0. Unchanged: 9. Rejected: 1.',
      );
      await page.getByRole('button', { name: 'Import 10 rows' }).click();
      await poll(() => countOf(page, /^Unchanged/).textContent()).toBe('9');
      expect(await countOf(page, /^Created/).textContent()).toBe('0');
      expect(await countOf(page, /^Updated/).textContent()).toBe('0');
      expect(await countOf(page, /^Rejected/).textContent()).toBe('1');

      // Persian: right to left, Persian digits, the names and the phone as written.
      await page.getByLabel('Language').selectOption('fa');
      await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      await page.getByRole('heading', { name: 'ورود اطلاعات', level: 1 }).waitFor();
      const persianCounts = page.getByRole('table', { name: 'ردیف‌ها بر اساس نتیجه' });
      await poll(() =>
        persianCounts
          .getByRole('row', { name: /بدون تغییر/ })
          .getByRole('cell')
          .textContent(),
      ).toBe('۹');
      await expectAccessible(page, 'the import report in Persian');
      await page.getByRole('button', { name: 'بازگشت به همین فایل' }).click();
      const persianPreview = page.getByRole('table', { name: 'ردیف‌های اول به چه تبدیل می‌شوند' });
      await poll(() => persianPreview.getByRole('row', { name: /maryam@hs-import\.example/ }).textContent()).toContain(
        'مریم میرزاخانی',
      );
      // The phone reads left to right inside the right-to-left row, as written.
      const phone = persianPreview
        .getByRole('row', { name: /maryam@hs-import\.example/ })
        .getByText('+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹');
      expect(await phone.getAttribute('dir')).toBe('ltr');
      await expectAccessible(page, 'the import screen in Persian');
      await persianPreview.scrollIntoViewIfNeeded();
      await screenshot(page, 'import-fa');
      await page.getByLabel('زبان').selectOption('en');
      await page.close();
    },
    240_000,
  );

  it.skipIf(!browserAvailable)(
    'stops sending when cancelled: the rows answered are imported and reported, the rest not sent',
    async () => {
      const directory = mkdtempSync(join(tmpdir(), 'relay-console-import-'));
      const path = join(directory, 'contacts.csv');
      writeContactsCsv(path, 1_000, { bom: true, lineEnd: '\r\n' });
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'admin');
      await page.getByRole('navigation').getByRole('link', { name: 'Import' }).click();
      // Chosen with the file chooser this time.
      const [chooser] = await Promise.all([
        page.waitForEvent('filechooser'),
        page.getByRole('button', { name: /Drop a CSV file here/ }).click(),
      ]);
      await chooser.setFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: readFileSync(path) });
      await poll(() => page.getByTestId('file-summary').textContent()).toBe('contacts.csv: rows: 1,000, columns: 8');
      await page.getByRole('button', { name: 'Import 1,000 rows' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await poll(() => page.getByRole('table', { name: 'Rows by outcome' }).isVisible(), { timeout: 60_000 }).toBe(
        true,
      );
      expect(await page.getByText(/^Import cancelled\. Rows not sent: /).count()).toBe(1);
      const counted = async (outcome: RegExp) =>
        Number((await countOf(page, outcome).textContent())?.replace(/,/g, ''));
      const notSent = await counted(/^Not sent/);
      const answered = (await Promise.all([/^Created/, /^Updated/, /^Unchanged/, /^Rejected/].map(counted))).reduce(
        (sum, n) => sum + n,
        0,
      );
      expect(notSent).toBeGreaterThan(0);
      expect(answered + notSent).toBe(1_000);
      // Exactly the rows the report counts were created: none lost, none sent twice.
      const segment = await stack.api('POST', '/segments', { name: 'Console import', filter: { tagsAny: ['import'] } });
      const count = await stack.api('GET', `/segments/${segment.json.id}/count`);
      expect(count.json.count).toBe(await counted(/^Created/));
      await page.close();
    },
    180_000,
  );

  it.skipIf(!browserAvailable)(
    'is not offered to a sales rep, who is told why on the screen and refused by the API',
    async () => {
      const page = await consolePage(browser);
      await signInAs(page, consoleUrl, 'ada');
      await page.getByRole('navigation').getByRole('link', { name: 'Contacts' }).waitFor();
      expect(await page.getByRole('navigation').getByRole('link', { name: 'Import' }).count()).toBe(0);
      await page.goto(`${consoleUrl}/sign-in?user=salesAda&returnTo=/import`);
      await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();
      await poll(() => page.getByText('Only marketing and admins can import').count()).toBe(1);
      expect(await page.getByRole('button', { name: /Drop a CSV file here/ }).count()).toBe(0);
      await expectAccessible(page, 'the import screen for a sales rep');
      const refused = await stack.api(
        'POST',
        '/imports/contacts',
        { rows: [{ row: 2, fields: { Email: 'rep@example.com' } }], dryRun: true },
        { as: 'salesAda' },
      );
      expect(refused.status).toBe(403);
      expect(refused.json.detail).toBe('Only admin or marketing may call POST /imports/contacts.');
      await page.close();
    },
    60_000,
  );
});
