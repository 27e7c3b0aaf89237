import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '#local/seed.ts';
import {
  browserAvailable,
  consolePage,
  downloadedText,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
} from '../../support/browser.ts';
import { sharedConsoleStack, type SharedConsoleStack } from '../../support/console-stack.ts';

let stack: SharedConsoleStack;
let browser: Browser;
let consoleUrl: string;
/** Seeded contacts: Maria Schmidt is Ada's, James Okafor is Grace's. */
let maria: { id: string; email: string; version: number };
let james: { id: string; email: string; version: number };

/** The console on a loaded machine may take seconds to show what the API answered. */
const poll = <T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) =>
  expect.poll(read, { timeout: 15_000, ...options });

async function contactOwnedBy(ownerId: string, email: string) {
  const page = await stack.api('GET', `/contacts?ownerId=${ownerId}&limit=100`);
  expect(page.status).toBe(200);
  const contact = (page.json.items as { id: string; email: string; version: number }[]).find(
    (item) => item.email === email,
  );
  if (!contact) throw new Error(`the seed has no ${email} owned by ${ownerId}`);
  return contact;
}

beforeAll(async () => {
  stack = await sharedConsoleStack();
  consoleUrl = stack.consoleUrl;
  maria = await contactOwnedBy(demoIds.ada, 'maria.schmidt@example.de');
  james = await contactOwnedBy(demoIds.grace, 'james.okafor@example.com');
  // Another channel than a logged activity: Maria looked at the pricing page.
  const viewed = await stack.api('POST', '/track', {
    contactId: maria.id,
    kind: 'page_viewed',
    name: 'pricing-page',
    url: 'https://relay.example/pricing',
  });
  expect(viewed.status).toBeLessThan(300);
  // A deal with her, in a stage of a pipeline.
  const pipeline = await stack.api('POST', '/pipelines', {
    name: 'Record test pipeline',
    stages: [
      { id: 'discovery', name: 'Discovery', probability: 0.2 },
      { id: 'proposal', name: 'Proposal sent', probability: 0.6 },
      { id: 'won', name: 'Won', probability: 1, kind: 'won' },
      { id: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  expect(pipeline.status).toBe(201);
  const deal = await stack.api('POST', '/deals', {
    name: 'Nordlicht rollout',
    pipelineId: pipeline.json.id,
    stageId: 'proposal',
    amount: 12500,
    currency: 'USD',
    contactId: maria.id,
    ownerId: demoIds.ada,
  });
  expect(deal.status).toBe(201);
  if (browserAvailable) browser = await connectToSharedBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

/**
 * Opens a record as `user` the way a person following a link does: the console asks them to sign in,
 * then takes them back to the record (the session lives in memory, so every visit signs in anew).
 */
async function openRecordAs(page: Page, user: 'admin' | 'ada', contactId: string, name: string) {
  await page.goto(`${consoleUrl}/contacts/${contactId}`);
  await page.waitForURL(/\/sign-in$/);
  await page.getByRole('button', { name: new RegExp(`^${user} \\(`) }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: user }).waitFor();
  await poll(() => page.getByTestId('contact-name').textContent(), { timeout: 15_000 }).toBe(name);
}

describe('the contact record', () => {
  it.skipIf(!browserAvailable)(
    'Ada logs a call on her contact and sees it on the timeline, with the score explained; in Persian too',
    async () => {
      const page = await consolePage(browser);
      await openRecordAs(page, 'ada', maria.id, 'Maria Schmidt');
      await poll(() => page.getByTestId('contact-email').textContent()).toBe('maria.schmidt@example.de');
      await poll(() => page.getByTestId('contact-owner').textContent()).toBe('Ada Lovelace');

      // The score with its rule-by-rule explanation: "Head of Marketing" is worth 20 fit points.
      const explanation = page.getByTestId('score-explanation');
      await explanation.waitFor({ timeout: 15_000 });
      expect(await explanation.getByRole('row', { name: /Head of a function/ }).textContent()).toContain('+20');
      expect(Number(await page.getByTestId('score-total').textContent())).toBeGreaterThanOrEqual(20);

      // The timeline has every channel: her page view is there (GET /contacts/{id}/timeline).
      await poll(() => page.locator('[data-testid="timeline-entry"][data-type="page_viewed"]').first().textContent(), {
        timeout: 10_000,
      }).toContain('pricing-page');
      // Her deal, with its stage and amount.
      const dealRow = page.getByTestId('deals-card').getByRole('row', { name: /Nordlicht rollout/ });
      await poll(() => dealRow.textContent()).toContain('Proposal sent');
      expect(await dealRow.textContent()).toContain('$12,500');
      await poll(() => page.getByTestId('enrollments-card').textContent()).toContain('Not in any campaign.');
      await poll(() => page.getByTestId('consent-card').textContent()).toContain('No consent');

      // Her own contact: she may edit it.
      await page.getByTestId('edit-contact').waitFor();

      // Log a call inline; it shows at the top of the timeline without a reload.
      const form = page.getByRole('form', { name: 'Log an activity' });
      await form.getByText('Call', { exact: true }).click();
      await form.getByLabel('Subject').fill('Discovery call about the rollout');
      await form.getByLabel('Notes').fill('Wants a pilot for 250 seats.');
      await form.getByLabel('Direction').selectOption('outbound');
      await form.getByLabel('Duration (minutes)').fill('15');
      await form.getByRole('button', { name: 'Log Call' }).click();
      const first = page.getByTestId('timeline-entry').first();
      await poll(() => first.textContent(), { timeout: 10_000 }).toContain('Discovery call about the rollout');
      expect(await first.getAttribute('data-type')).toBe('call');
      expect(await first.textContent()).toContain('15 min');
      await poll(() => form.getByLabel('Subject').inputValue()).toBe('');
      // It is really stored, as Ada's call on Maria.
      const activities = await stack.api('GET', `/activities?contactId=${maria.id}`, undefined, { as: 'salesAda' });
      expect(activities.json.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'call',
            subject: 'Discovery call about the rollout',
            direction: 'outbound',
            durationSeconds: 900,
            contactId: maria.id,
          }),
        ]),
      );

      // The API's own schema checks the form before it is sent: the error lands on its field.
      await form.getByLabel('Duration (minutes)').fill('2000');
      await form.getByRole('button', { name: 'Log Call' }).click();
      await poll(() => form.getByLabel('Duration (minutes)').getAttribute('aria-invalid')).toBe('true');
      await form.getByLabel('Duration (minutes)').fill('');

      await expectAccessible(page, 'the contact record');
      await screenshot(page, 'contact-record');

      // Persian: right to left, the timeline's days in the Persian calendar with Persian digits.
      await page.getByLabel('Language').selectOption('fa');
      await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      await poll(() => page.getByTestId('timeline-day').first().textContent()).toMatch(/[۰-۹]/);
      const day = (await page.getByTestId('timeline-day').first().textContent()) ?? '';
      expect(day).not.toMatch(/[0-9]/);
      const persianMonths = /فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند/;
      expect(day).toMatch(persianMonths);
      expect(await page.getByTestId('timeline-time').first().textContent()).toMatch(/[۰-۹]/);
      await poll(() => dealRow.textContent()).toContain('۱۲٬۵۰۰');
      expect(await page.getByRole('heading', { name: 'رویدادها' }).count()).toBe(1);
      await expectAccessible(page, 'the contact record in Persian');
      await page.getByLabel('زبان').selectOption('en');
      await page.close();
    },
    90_000,
  );

  it.skipIf(!browserAvailable)(
    'shows Ada no edit control on Grace’s contact, and the API refuses her edit anyway',
    async () => {
      const page = await consolePage(browser);
      await openRecordAs(page, 'ada', james.id, 'James Okafor');
      await poll(() => page.getByTestId('contact-owner').textContent()).toBe('Grace Hopper');
      // Wait until the record knows who Ada is (her owner record), then look for the control.
      await page.getByTestId('score-card').waitFor();
      await page.getByRole('form', { name: 'Log an activity' }).waitFor();
      expect(await page.getByTestId('edit-contact').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Erase contact' }).count()).toBe(0);
      const refused = await stack.api(
        'PATCH',
        `/contacts/${james.id}`,
        { jobTitle: 'Chief Technology Officer' },
        { as: 'salesAda' },
      );
      expect(refused.status).toBe(403);
      expect((await stack.api('GET', `/contacts/${james.id}`)).json.jobTitle).toBe('CTO');
      await page.close();
    },
    60_000,
  );

  it.skipIf(!browserAvailable)(
    'tells Ada when someone else changed the contact while she edited it (412), and shows it anew',
    async () => {
      const page = await consolePage(browser);
      const before = await stack.api('GET', `/contacts/${maria.id}`);
      await openRecordAs(page, 'ada', maria.id, 'Maria Schmidt');
      await page.getByTestId('edit-contact').click();
      const dialog = page.getByRole('dialog', { name: 'Edit contact' });
      await dialog.getByLabel('Job title').fill('VP Marketing');
      // Meanwhile an admin changes her.
      const meanwhile = await stack.api(
        'PATCH',
        `/contacts/${maria.id}`,
        { lastName: 'Schmidt-Weber' },
        {
          headers: { 'if-match': `"${before.json.version}"` },
        },
      );
      expect(meanwhile.status).toBe(200);
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByTestId('edit-stale').waitFor();
      await poll(() => page.getByTestId('contact-name').textContent()).toBe('Maria Schmidt-Weber');
      expect((await stack.api('GET', `/contacts/${maria.id}`)).json.jobTitle).toBe('Head of Marketing');
      // Saved again on the fresh version, it goes through.
      await poll(() => dialog.getByLabel('Last name').inputValue()).toBe('Schmidt-Weber');
      await dialog.getByLabel('Job title').fill('VP Marketing');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await poll(async () => (await stack.api('GET', `/contacts/${maria.id}`)).json.jobTitle).toBe('VP Marketing');
      await page.close();
    },
    60_000,
  );

  it.skipIf(!browserAvailable)(
    'lets an admin export the contact’s personal data as a JSON file',
    async () => {
      const page = await consolePage(browser);
      await openRecordAs(page, 'admin', james.id, 'James Okafor');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export personal data' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`contact-${james.id}-personal-data.json`);
      const file = JSON.parse(await downloadedText(download));
      expect(file.contact.email).toBe(james.email);
      expect(file.contactId).toBe(james.id);
      // Erasing asks first, saying what it does, and only goes ahead once the address is typed.
      await page.getByRole('button', { name: 'Erase contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'Erase this contact?' });
      expect(await dialog.textContent()).toContain('This cannot be undone');
      expect(await dialog.getByRole('button', { name: 'Erase permanently' }).isDisabled()).toBe(true);
      await page.keyboard.press('Escape');
      expect((await stack.api('GET', `/contacts/${james.id}`)).status).toBe(200);
      await page.close();
    },
    60_000,
  );
});
