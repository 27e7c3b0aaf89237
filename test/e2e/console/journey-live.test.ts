import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { sharedConsoleStack, type SharedConsoleStack } from '../../support/console-stack.ts';

interface OutboxEmail {
  destination: { to: string[] };
  subject: string;
  headers?: { name: string; value: string }[];
}

let stack: SharedConsoleStack;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let campaignId: string;
let formId: string;
const journeyName = 'Guide welcome';

/** The console on a loaded machine may take seconds to show what the API answered (and it reads every 5 s). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });
const stepNode = (id: string) => page.locator(`.react-flow__node[data-id="step:${id}"]`);
const liveOn = (id: string) => stepNode(id).getByTestId('node-live');
/** The visitors' domain: the outbox of the shared stack holds other files' mail too, and only theirs is this file's. */
const visitorDomain = '@guide.example';
/** The mail sent to this file's visitors, in the order sent. */
const outbox = async () =>
  ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails.filter((mail) =>
    mail.destination.to.some((address) => address.endsWith(visitorDomain)),
  );

beforeAll(async () => {
  // The default time scale (a day is a minute): the journey's week-long wait outlasts the test, so the numbers
  // this test reads stay put once they have moved.
  stack = await sharedConsoleStack();
  consoleUrl = stack.consoleUrl;
  const form = await stack.api(
    'POST',
    '/forms',
    {
      name: 'Guide download',
      fieldMapping: { email: 'email', name: 'firstName' },
      minFillSeconds: 0,
      consent: { text: 'Send me the guide and related tips.', version: 'v1' },
    },
    { as: 'marketing' },
  );
  expect(form.status, JSON.stringify(form.json)).toBe(201);
  formId = form.json.id;
  // A draft as marketing saved it on the canvas: the form's trigger, a welcome, a week's wait, a follow-up. Any
  // day and hour may send, so the welcome goes at once whenever the test runs.
  const campaign = await stack.api(
    'POST',
    '/campaigns',
    {
      name: journeyName,
      trigger: { type: 'form', formId },
      sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 },
      steps: [
        {
          id: 'welcome',
          type: 'email',
          content: {
            subject: 'Welcome, {{ contact.firstName | default: "there" }}',
            html: '<p>Your guide is attached.</p><p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>',
            text: 'Your guide is attached. Unsubscribe: {{ unsubscribeUrl }}',
          },
        },
        { id: 'one-week', type: 'wait', duration: { days: 7 } },
        {
          id: 'tips',
          type: 'email',
          content: {
            subject: 'Three tips for the guide',
            html: '<p>Tips.</p><p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>',
            text: 'Tips. Unsubscribe: {{ unsubscribeUrl }}',
          },
        },
      ],
    },
    { as: 'marketing' },
  );
  expect(campaign.status, JSON.stringify(campaign.json)).toBe(201);
  campaignId = campaign.json.id;
  if (browserAvailable) {
    browser = await connectToSharedBrowser();
    page = await consolePage(browser);
  }
}, 180_000);
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page)
    await screenshot(page, `journey-live-failure-${context.task.name.slice(0, 30)}`);
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!browserAvailable)('live numbers on the canvas, and a campaign’s results, as marketing', () => {
  it('publishes a journey, and its numbers move on the canvas without a reload as a visitor submits the form', async () => {
    await signInAs(page, consoleUrl, 'marketing');
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: journeyName, exact: true }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Draft');
    // Not published: nothing live to show.
    expect(await page.getByTestId('live-numbers-bar').count()).toBe(0);

    await page.getByRole('button', { name: 'Publish' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Active');
    await poll(() => liveOn('welcome').textContent()).toContain('0 entered · 0 waiting · 0 sent');
    expect(await page.getByRole('radio', { name: 'Live, version 1' }).isChecked()).toBe(true);
    // Marks the page: a reload would lose it.
    await page.evaluate('window.stillTheSamePage = true');

    // Three visitors fill in the form, as a web page would post it.
    const visitors = ['Kim', 'Ana', 'Bo'];
    for (const name of visitors) {
      const submitted = await fetch(`${stack.apiUrl}/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${name.toLowerCase()}${visitorDomain}`, name }),
      });
      expect(submitted.status).toBe(202);
    }
    await poll(async () => (await outbox()).map((mail) => mail.subject).sort()).toEqual(
      visitors.map((name) => `Welcome, ${name}`).sort(),
    );
    await poll(() => liveOn('welcome').textContent()).toContain('3 entered · 0 waiting · 3 sent · 0 opened');
    await poll(() => liveOn('one-week').textContent()).toContain('3 entered · 3 waiting');
    expect(await liveOn('tips').textContent()).toContain('0 entered');

    // Kim opens the welcome and clicks in it, as SES reports it (accepted: counted as the feedback is processed).
    const kims = (await outbox()).find((mail) => mail.destination.to[0] === 'kim@guide.example');
    const messageKey = kims?.headers?.find((header) => header.name === 'X-Relay-Message-Key')?.value;
    expect(messageKey).toBeTruthy();
    for (const type of ['open', 'click'])
      expect(
        (
          await fetch(`${stack.apiUrl}/_local/email-events`, {
            method: 'POST',
            body: JSON.stringify({ messageKey, type }),
          })
        ).status,
      ).toBe(202);
    await poll(() => liveOn('welcome').textContent()).toContain('3 sent · 1 opened · 1 clicked');
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
    // A screen reader hears the same numbers: they are in each node's accessible name.
    await page
      .getByRole('group', {
        name: /^Email step welcome\. Welcome, .*Live numbers of version 1: 3 entered · 0 waiting · 3 sent · 1 opened/,
      })
      .waitFor();
    await page.getByRole('group', { name: /^Trigger and settings\..*3 enrolled · 3 in the journey/ }).waitFor();

    // The Live numbers tab lists every counter of the node clicked, exits by reason included; the trigger's, the
    // version's totals.
    await page.getByRole('tab', { name: 'Live numbers' }).click();
    await poll(() => page.getByRole('table', { name: 'Live numbers of version 1, all steps' }).textContent()).toContain(
      'Enrolled3In the journey now3Sent3Opened1Open rate33.3%',
    );
    await page.getByRole('button', { name: 'Fit the journey to the screen' }).click();
    await stepNode('welcome').click();
    const numbers = page.getByRole('table', { name: 'Live numbers of welcome, version 1' });
    await poll(() => numbers.getByRole('row', { name: /^Sent/ }).textContent()).toBe('Sent3');
    expect(await numbers.getByRole('row', { name: /^Open rate/ }).textContent()).toBe('Open rate33.3%');
    expect(await numbers.getByRole('row', { name: /^Click rate/ }).textContent()).toBe('Click rate33.3%');
    expect(await numbers.getByRole('row', { name: 'Left early: unsubscribed 0' }).count()).toBe(1);
    await expectAccessible(page, 'the journey canvas with live numbers');
    await page.getByRole('button', { name: 'Fit the journey to the screen' }).click();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-live');

    await page.getByRole('button', { name: 'Pause' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Paused');
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json.status).toBe('paused');
    // A paused journey still shows (and reads) its numbers.
    expect(await liveOn('one-week').textContent()).toContain('3 waiting');
    await page.getByRole('button', { name: 'Resume' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Active');
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json.status).toBe('active');
  }, 120_000);

  it('keeps simulated and live numbers apart, says whose numbers a changed draft shows, and picks a version', async () => {
    // A simulation replaces the live numbers on the canvas, labelled as such, until live is chosen again.
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await poll(() => stepNode('welcome').getByTestId('node-simulation').count()).toBe(1);
    expect(await liveOn('welcome').count()).toBe(0);
    expect(await page.getByRole('radio', { name: 'Simulation' }).isChecked()).toBe(true);
    await page.getByText('Live, version 1').click();
    await poll(() => liveOn('welcome').textContent()).toContain('3 sent');
    expect(await stepNode('welcome').getByTestId('node-simulation').count()).toBe(0);

    // A step added to the draft has no numbers; the ones shown are version 1's.
    await page.getByRole('button', { name: 'Fit the journey to the screen' }).click();
    await stepNode('tips').click();
    await page.getByRole('button', { name: 'Add a step after tips', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Update contact', exact: true }).click();
    await poll(() => liveOn('update-1').textContent()).toBe('Live · v1Only in the draft: no numbers');
    await poll(() => page.getByTestId('live-draft-differs').textContent()).toContain(
      'The draft differs from version 1',
    );
    // A step edited since the version keeps the version's numbers, marked as edited.
    await stepNode('tips').click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('Three tips for your guide');
    await poll(() => liveOn('tips').textContent()).toContain('edited since v10 entered');
    await expectAccessible(page, 'the journey canvas with live numbers and a changed draft');
    await page.getByRole('button', { name: 'Publish' }).click();
    await poll(async () => (await stack.api('GET', `/campaigns/${campaignId}`)).json.publishedVersion).toBe(2);

    // Version 2 is live and has counted nobody yet; version 1 keeps the three.
    await poll(() => liveOn('welcome').textContent()).toContain('Live · v2');
    expect(await liveOn('welcome').textContent()).toContain('0 entered');
    expect(await page.getByTestId('live-draft-differs').count()).toBe(0);
    await page.getByRole('combobox', { name: 'Version' }).click();
    await page.getByRole('option', { name: 'Version 1', exact: true }).click();
    await poll(() => liveOn('welcome').textContent()).toContain('Live · v13 entered');
    expect(await liveOn('update-1').textContent()).toContain('Only in the draft');
  }, 90_000);

  it('shows the live numbers in Persian, right to left, with Persian digits', async () => {
    await page.getByLabel('Language').selectOption('fa');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await poll(() => liveOn('welcome').textContent()).toContain('۳ ورود');
    expect(await liveOn('welcome').textContent()).toContain('زنده · نسخهٔ ۱');
    expect(await liveOn('welcome').textContent()).toContain('۱ باز شده');
    // React Flow draws its nodes left to right; the counters still read right to left.
    expect(await liveOn('welcome').getAttribute('dir')).toBe('rtl');
    // The canvas shows the step selected last (update-1): the whole journey first, then the welcome.
    await page.getByRole('button', { name: 'جا دادن سفر در صفحه' }).click();
    await stepNode('welcome').click();
    await page.getByRole('tab', { name: 'اعداد زنده' }).click();
    await poll(() => page.getByRole('table', { name: 'اعداد زندهٔ welcome، نسخهٔ ۱' }).textContent()).toContain('۳۳٫۳');
    await expectAccessible(page, 'the journey canvas with live numbers in Persian');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-live-fa');
    await page.getByLabel('زبان').selectOption('en');
  }, 60_000);

  it('shows the campaign’s results over a period, and records its spend', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: `Results of ${journeyName}` }).click();
    await page.getByRole('heading', { name: `Results: ${journeyName}`, level: 1 }).waitFor();
    const stat = (name: string) => page.getByRole('group', { name, exact: true }).locator('p').nth(1);
    await poll(() => stat('Sent').textContent()).toBe('3');
    expect(await stat('Opened').textContent()).toBe('1');
    expect(await stat('Open rate').textContent()).toBe('33.3%');
    expect(await stat('Conversion rate').textContent()).toBe('0%');
    const activity = page.getByRole('figure', { name: 'Emails sent, opened, clicked and replied to, per day' });
    expect(await activity.locator('svg').count()).toBeGreaterThan(0);
    expect(await activity.textContent()).toContain('In the period: 3 sent, 1 opened, 1 clicked, 0 replies.');
    await activity.getByText('the numbers').click();
    expect(await activity.getByRole('table').getByRole('row').nth(1).textContent()).toMatch(/3110$/);
    await page.getByRole('figure', { name: 'Conversions, unsubscribes, bounces and complaints, per day' }).waitFor();

    // Spend as people type it: Persian digits are read, a currency in capitals; a bad amount is refused first.
    const form = page.getByRole('form', { name: 'Record spend' });
    await form.getByRole('textbox', { name: 'Amount' }).fill('lots');
    await form.getByRole('button', { name: 'Record spend' }).click();
    await poll(() => form.getByText(/must be a number such as/).count()).toBe(1);
    await form.getByRole('textbox', { name: 'Amount' }).fill('۱۵۰');
    await form.getByRole('textbox', { name: 'Currency' }).fill('eur');
    await form.getByRole('textbox', { name: 'Note' }).fill('Guide ads');
    await form.getByRole('button', { name: 'Record spend' }).click();
    await poll(() => page.getByTestId('spend-recorded').textContent()).toMatch(/^Recorded €150 spent on /);
    const spend = await stack.api('GET', `/campaigns/${campaignId}/spend`);
    expect(spend.json.items).toEqual([expect.objectContaining({ amount: 150, currency: 'EUR', note: 'Guide ads' })]);
    const roi = page.getByRole('table', { name: 'Return on spend' });
    await poll(() => roi.getByRole('row', { name: /^EUR/ }).textContent()).toBe('EUR€0€150-100%');
    await page.getByRole('table', { name: 'Spend recorded on this campaign' }).getByText('Guide ads').waitFor();
    await expectAccessible(page, 'the campaign results');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'campaign-results');

    await page.getByLabel('Language').selectOption('fa');
    await poll(() => stat('ارسال').textContent()).toBe('۳');
    await page.getByRole('heading', { name: `نتایج: ${journeyName}`, level: 1 }).waitFor();
    await expectAccessible(page, 'the campaign results in Persian');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'campaign-results-fa');
    await page.getByLabel('زبان').selectOption('en');

    // A sales rep may read the results (the API lets everyone), but is not offered recording spend.
    const ada = await consolePage(browser);
    await ada.goto(`${consoleUrl}/sign-in?user=salesAda&returnTo=/campaigns/${campaignId}/results`);
    await ada.getByRole('heading', { name: `Results: ${journeyName}`, level: 1 }).waitFor();
    await ada.getByRole('table', { name: 'Spend recorded on this campaign' }).waitFor();
    expect(await ada.getByRole('form', { name: 'Record spend' }).count()).toBe(0);
    await ada.close();
  }, 90_000);
});
