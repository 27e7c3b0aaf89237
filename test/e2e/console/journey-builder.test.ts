import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '#local/seed.ts';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import {
  browserAvailable,
  consolePage,
  expectAccessible,
  connectToSharedBrowser,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { sharedConsoleStack, type SharedConsoleStack } from '../../support/console-stack.ts';

let stack: SharedConsoleStack;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let campaignId: string;
const examplePath = new URL('../../../examples/campaigns/trial-nurture.yaml', import.meta.url);

/** The console on a loaded machine may take seconds to show what the API answered. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const stepNode = (id: string) => page.locator(`.react-flow__node[data-id="step:${id}"]`);

/** Zooms the canvas to show the whole journey (its own "fit" control), as a person would before clicking a step. */
const showWholeJourney = () => page.getByRole('button', { name: 'Fit the journey to the screen' }).click();

async function addStep(button: string, type: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('menuitem', { name: type, exact: true }).click();
  await page.getByRole('menu').waitFor({ state: 'detached' });
}
async function chooseOption(label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

beforeAll(async () => {
  stack = await sharedConsoleStack();
  consoleUrl = stack.consoleUrl;
  if (browserAvailable) {
    browser = await connectToSharedBrowser();
    page = await consolePage(browser);
  }
}, 180_000);
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page)
    await screenshot(page, `journey-failure-${context.task.name.slice(0, 30)}`);
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!browserAvailable)('the journey builder, as marketing', () => {
  it('builds a journey from scratch on the canvas: form trigger, welcome, wait 2 days, branch on opened, two emails', async () => {
    await signInAs(page, consoleUrl, 'marketing');
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New journey' }).click();
    await page.getByRole('textbox', { name: 'Journey name' }).fill('Welcome series');

    // The trigger node's panel: a form trigger, chosen from the API's forms.
    await chooseOption('Enroll contacts when', 'A form is submitted');
    await chooseOption('Form', 'Demo landing page');

    await addStep('Add the first step', 'Email');
    await page.getByRole('textbox', { name: 'Subject' }).fill('Welcome, {{ contact.firstName | default: "there" }}');
    await addStep('Add a step after email-1', 'Wait');
    await page.getByRole('textbox', { name: 'Days' }).fill('2');
    await addStep('Add a step after wait-1', 'Branch');

    // The branch's arms are not connected yet: the API's own schema says so, pinned to the node and its fields.
    await poll(() => stepNode('branch-1').getByTestId('node-problem').textContent()).toContain('not connected');
    await poll(() => page.getByText('“Yes” arm not connected').count()).toBe(1);
    await poll(() => page.getByText('“No” arm not connected').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'If yes, go to' }).count()).toBe(0); // a combobox, with its error:
    await poll(() =>
      page.getByText('the "then" arm is not connected: give the step it leads to').count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'the journey canvas with errors');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-canvas-errors');

    // Fixed by adding a step on each arm.
    await addStep('Add a step on the “Yes” arm of branch-1', 'Email');
    await page.getByRole('textbox', { name: 'Subject' }).fill('A case study for you');
    await addStep('Add a step on the “No” arm of branch-1', 'Email');
    await page.getByRole('textbox', { name: 'Subject' }).fill('Did you see this?');
    await poll(() => page.getByTestId('journey-problems').count()).toBe(0);

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/campaigns\/[0-9A-Z]{26}$/);
    campaignId = new URL(page.url()).pathname.split('/')[2] as string;
    const saved = await stack.api('GET', `/campaigns/${campaignId}`);
    expect(saved.json.draft).toMatchObject({
      name: 'Welcome series',
      trigger: { type: 'form', formId: demoIds.form },
      steps: [
        { id: 'email-1', type: 'email', content: { subject: 'Welcome, {{ contact.firstName | default: "there" }}' } },
        { id: 'wait-1', type: 'wait', duration: { days: 2 } },
        {
          id: 'branch-1',
          type: 'branch',
          condition: { kind: 'opened', stepId: 'email-1' },
          then: 'email-2',
          else: 'email-3',
        },
        { id: 'email-3', type: 'email', content: { subject: 'Did you see this?' }, next: null },
        { id: 'email-2', type: 'email', content: { subject: 'A case study for you' } },
      ],
    });
  }, 120_000);

  it('simulates on sample contacts: each step shows how many pass and when, and who and why on a click', async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    // A Monday morning in UTC: inside the default send window, so the days on the nodes are the journey's own.
    await page.getByLabel('Start (UTC)').fill('2026-11-23T10:00');
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    // Olga opens everything, Ravi nothing, Sara unsubscribes after a day, Jo converts (there is no goal here).
    await poll(() => page.getByTestId('simulation-summary').textContent()).toBe(
      'Simulated: 7 emails to 4 contacts. Nothing was sent.',
    );
    await poll(() => stepNode('email-1').getByTestId('node-simulation').textContent()).toMatch(/^4 contactsday 0/);
    await poll(() => stepNode('branch-1').getByTestId('node-simulation').textContent()).toMatch(
      /^3 contacts.*1 left here$/,
    );
    await poll(() => stepNode('email-2').getByTestId('node-simulation').textContent()).toMatch(/^1 contact/);
    await poll(() => stepNode('email-3').getByTestId('node-simulation').textContent()).toMatch(/^2 contacts/);
    await showWholeJourney();
    await stepNode('email-3').click();
    const who = page.getByRole('table', { name: 'Who passed here in the simulation' });
    await poll(() => who.textContent()).toContain('Sent “Did you see this?”');
    expect(await who.textContent()).toContain('ravi@contoso.example');
    expect(await who.textContent()).toContain('jo@tailspin.example');
    expect(await who.textContent()).not.toContain('olga@northwind.example');
    await showWholeJourney();
    await stepNode('branch-1').click();
    await poll(() => who.textContent()).toContain('Left the journey: unsubscribed');
    await expectAccessible(page, 'the journey canvas with simulation numbers');
    await showWholeJourney();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-canvas');
  }, 90_000);

  it('moves between nodes from the keyboard and adds a step there', async () => {
    await page.locator('.react-flow__node[data-id="trigger"]').focus();
    await page.keyboard.press('ArrowDown');
    await poll(() => page.locator(':focus').getAttribute('data-id')).toBe('step:email-1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Branch step' }).waitFor();
    await page.keyboard.press('ArrowDown');
    const first = await page.locator(':focus').getAttribute('data-id');
    await page.keyboard.press('ArrowRight');
    const second = await page.locator(':focus').getAttribute('data-id');
    expect([first, second].sort()).toEqual(['step:email-2', 'step:email-3']);
    // Tab reaches the node's "+", and Enter opens the step types.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Update contact' }).waitFor();
    await page.keyboard.press('Escape');
  }, 60_000);

  it('publishes, pauses and resumes, and a second version shows side by side with the first', async () => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Active');
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json).toMatchObject({
      status: 'active',
      publishedVersion: 1,
    });
    await page.getByRole('button', { name: 'Pause' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Paused');
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json.status).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await poll(() => page.getByTestId('campaign-status').textContent()).toBe('Active');
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json.status).toBe('active');

    await showWholeJourney();
    await stepNode('email-1').click();
    await page.getByRole('textbox', { name: 'Subject' }).fill('Welcome aboard');
    await page.getByRole('button', { name: 'Publish' }).click();
    await poll(async () => (await stack.api('GET', `/campaigns/${campaignId}`)).json.publishedVersion).toBe(2);
    await page.getByRole('link', { name: 'Version history (live: 2)' }).click();
    await page.getByRole('heading', { name: 'Versions of Welcome series' }).waitFor();
    const diff = page.getByTestId('version-diff');
    await poll(() => diff.locator('tr[data-kind="changed"]').count()).toBe(1);
    expect(await diff.locator('tr[data-kind="changed"]').textContent()).toMatch(
      /subject: 'Welcome, \{\{ contact\.firstName \| default: "there" \}\}'.*subject: Welcome aboard/,
    );
    expect(await page.getByTestId('step-changes').textContent()).toBe('Steps added: —. Removed: —. Changed: email-1.');
    await expectAccessible(page, 'the versions page');
    await page.getByRole('link', { name: 'Back to the journey' }).click();
  }, 60_000);

  it('draws the canvas right to left in Persian', async () => {
    // Mirrored: a branch's arms change sides.
    const x = async (id: string) => (await stepNode(id).boundingBox())?.x ?? 0;
    await showWholeJourney();
    const ltrSide = Math.sign((await x('email-2')) - (await x('email-3')));
    expect(ltrSide).not.toBe(0);
    await page.getByLabel('Language').selectOption('fa');
    await poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await poll(() => stepNode('branch-1').textContent()).toContain('انشعاب');
    await page.getByRole('tab', { name: 'شبیه‌سازی' }).click();
    await page.getByRole('button', { name: 'اجرای شبیه‌سازی' }).click();
    await poll(() => stepNode('email-1').getByTestId('node-simulation').textContent()).toContain('۴ مخاطب');
    const rtlSide = Math.sign((await x('email-2')) - (await x('email-3')));
    expect(rtlSide).toBe(-ltrSide);
    await expectAccessible(page, 'the journey canvas in Persian');
    await page.getByRole('button', { name: 'جا دادن سفر در صفحه' }).click();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-canvas-fa');

    // An unconnected branch, in Persian: the schema's own message in Persian where zod has one.
    await stepNode('email-2').click();
    await page.getByRole('button', { name: 'افزودن گام پس از email-2', exact: true }).click();
    await page.getByRole('menuitem', { name: 'انشعاب', exact: true }).click();
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await poll(() => page.getByText('شاخهٔ «خیر» وصل نیست').count()).toBe(1);
    await expectAccessible(page, 'the journey canvas with errors in Persian');
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'journey-canvas-errors-fa');
    await page.getByRole('button', { name: 'حذف گام branch-2' }).click();
    await poll(() => page.getByTestId('journey-problems').count()).toBe(0);
    await page.getByLabel('زبان').selectOption('en');
  }, 60_000);

  it('opens the example campaign exactly as written and saves it back unchanged', async () => {
    const text = readFileSync(examplePath, 'utf8');
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'New journey' }).click();
    await page.locator('input[type="file"]').setInputFiles(examplePath.pathname);
    await poll(() => page.locator('.react-flow__node[data-id^="step:"]').count()).toBe(6);
    await page.getByRole('tab', { name: 'YAML' }).click();
    expect(await page.getByRole('textbox', { name: 'The journey as YAML' }).inputValue()).toBe(text);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/campaigns\/[0-9A-Z]{26}$/);
    const id = new URL(page.url()).pathname.split('/')[2] as string;
    // What the console saved is what the CLI would: the file as written, the API's defaults filled in by the API.
    expect((await stack.api('GET', `/campaigns/${id}`)).json.draft).toEqual(CampaignDefinition.parse(parseYaml(text)));
    await page.getByRole('tab', { name: 'YAML' }).click();
    expect(await page.getByRole('textbox', { name: 'The journey as YAML' }).inputValue()).toBe(text);
    expect(await page.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);

    // Its A/B test simulates in the browser too (the variant is picked by SHA-256, as the executor picks it).
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByRole('button', { name: 'Run the simulation' }).click();
    await poll(() => stepNode('case-study').getByTestId('node-simulation').textContent()).toMatch(/^1 contact/);
    await showWholeJourney();
    await stepNode('case-study').click();
    await poll(() => page.getByRole('table', { name: 'Who passed here in the simulation' }).textContent()).toMatch(
      /Sent variant [ab]: “How Northwind save a day a week”|Sent variant b: “A case study for you”/,
    );
  }, 90_000);

  it('shows a sales rep no Campaigns entry', async () => {
    const ada = await consolePage(browser);
    await signInAs(ada, consoleUrl, 'ada');
    await poll(() => ada.getByRole('navigation').getByRole('link').allTextContents()).toContain('Deals');
    expect(await ada.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).count()).toBe(0);
    await ada.close();
  }, 60_000);
});
