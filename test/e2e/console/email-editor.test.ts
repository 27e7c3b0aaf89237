import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
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
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

let stack: SharedConsoleStack;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let campaignId: string;
const example = parseYaml(
  readFileSync(new URL('../../../examples/campaigns/trial-nurture.yaml', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** The console on a loaded machine may take seconds to show what the API answered. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const stepNode = (id: string) => page.locator(`.react-flow__node[data-id="step:${id}"]`);
const outbox = async () => ((await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const previewOf = (name: string) => page.getByRole('region', { name: `Preview of ${name}` });

async function openStep(id: string) {
  await page.getByRole('button', { name: 'Fit the journey to the screen' }).click();
  await stepNode(id).click();
  await page.getByRole('heading', { name: 'Email step' }).waitFor();
}

beforeAll(async () => {
  stack = await sharedConsoleStack();
  consoleUrl = stack.consoleUrl;
  campaignId = (
    await stack.api('POST', '/campaigns', { ...example, name: 'Email editor journey' }, { as: 'marketing' })
  ).json.id;
  await stack.api('POST', '/contacts', { email: 'dariush@example.com', firstName: 'داریوش', companyName: 'نوآوران' });
  if (browserAvailable) {
    browser = await connectToSharedBrowser();
    page = await consolePage(browser);
  }
}, 180_000);
afterEach(async (context) => {
  if (context.task.result?.state === 'fail' && page)
    await screenshot(page, `email-editor-failure-${context.task.name.slice(0, 30)}`);
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!browserAvailable)('the email editor in the journey builder, as marketing', () => {
  it('offers the variables as you type, and previews the email as it goes out for the sample contact', async () => {
    await signInAs(page, consoleUrl, 'marketing');
    // The session lives in memory: the journey is opened from the list, as a person does.
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Email editor journey', exact: true }).click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    await openStep('welcome');
    const subject = page.getByRole('textbox', { name: 'Subject' });
    await subject.fill('');
    await subject.pressSequentially('Hello {{ contact.fi');
    const suggestions = page.getByRole('listbox', { name: 'Suggestions for Subject' });
    await poll(() => suggestions.getByRole('option').allTextContents()).toEqual(['contact.firstName']);
    await page.keyboard.press('Enter');
    await poll(() => subject.inputValue()).toBe('Hello {{ contact.firstName }}');
    // After a bar, the filters.
    await subject.pressSequentially(' from {{ contact.companyName | defa');
    await poll(() => suggestions.getByRole('option').allTextContents()).toEqual(['default']);
    await suggestions.getByRole('option', { name: 'default' }).click();
    // The output is closed for it, with the caret before the }}: a filter's arguments come next.
    await subject.pressSequentially(': "you"');
    expect(await subject.inputValue()).toBe(
      'Hello {{ contact.firstName }} from {{ contact.companyName | default: "you" }}',
    );

    // The live preview renders the unsaved templates through the API for the sample contact (Ada).
    const preview = previewOf('the email');
    await poll(() => preview.getByTestId('preview-subject').textContent()).toBe(
      'Hello Ada from Analytical Engines Ltd',
    );
    expect(await preview.textContent()).toContain('to ada@example.com');
    const frame = page.frameLocator('iframe[title="The HTML of the email"]');
    await poll(() => frame.locator('body').textContent()).toContain('Hi Ada,');
    await preview.getByRole('tab', { name: 'Plain text' }).click();
    await poll(() => preview.getByTestId('preview-text').textContent()).toContain(
      `Unsubscribe: ${stack.apiUrl}/unsubscribe?token=preview-only`,
    );
  }, 120_000);

  it('shows a template error where it is, and puts the caret on it', async () => {
    const html = page.getByRole('textbox', { name: 'HTML (Liquid)' });
    await html.fill('<p>Hi</p>\n<p>{{ contact.fristName }}</p>');
    const problem = page.getByText('Line 2, column 7: undefined variable: contact.fristName');
    await poll(() => problem.count()).toBe(1);
    await poll(() => previewOf('the email').textContent()).toContain('Fix the template errors above');
    await page.getByRole('button', { name: 'Go to line 2, column 7' }).click();
    // Typed by hand: this project's TypeScript has no DOM types outside web/.
    const selection = await html.evaluate((element: unknown) => {
      const field = element as {
        selectionStart: number;
        selectionEnd: number;
        ownerDocument: { activeElement: unknown };
      };
      return [field.selectionStart, field.selectionEnd, field.ownerDocument.activeElement === element];
    });
    expect(selection).toEqual([16, 33, true]); // "contact.fristName" on line 2
    await expectAccessible(page, 'the email editor with a template error');
    await html.fill('<p>سلام {{ contact.firstName }}</p>\n<p><a href="{{ unsubscribeUrl }}">لغو</a></p>');
    await poll(() => problem.count()).toBe(0);
  }, 60_000);

  it('previews for a real contact and sends a test to my own address, which lands in the local outbox', async () => {
    const previewFor = page.getByRole('combobox', { name: 'Preview for' });
    await previewFor.click();
    await previewFor.fill('dariush@example.com');
    await page.getByRole('option', { name: 'داریوش · dariush@example.com' }).click();
    const preview = previewOf('the email');
    await poll(() => preview.getByTestId('preview-subject').textContent()).toBe('Hello داریوش from نوآوران');
    await preview.getByRole('tab', { name: 'HTML' }).click();
    const frame = page.frameLocator('iframe[title="The HTML of the email"]');
    await poll(() => frame.locator('body').textContent()).toContain('سلام داریوش');

    const before = (await outbox()).length;
    await preview.getByRole('button', { name: 'Send the email to me as a test' }).click();
    await poll(() => preview.getByRole('status').textContent()).toBe(
      'Test sent to marketing@relay.example: “[Test] Hello داریوش from نوآوران”',
    );
    // The shared stack's outbox also holds what other files send meanwhile: this file's are those about Dariush.
    const sent = (await outbox()).slice(before).filter((mail) => mail.subject.includes('داریوش'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      destination: { to: ['marketing@relay.example'] },
      subject: '[Test] Hello داریوش from نوآوران',
    });
    expect(sent[0]?.body.html).toContain('<p>سلام داریوش</p>');
    expect(sent[0]?.headers).toContainEqual({ name: 'X-Relay-Test-Send', value: 'true' });
    // The test is not the contact's: nothing on their timeline, and the draft was never saved by it.
    expect((await stack.api('GET', `/campaigns/${campaignId}`)).json.draft.steps[0].content.subject).toBe(
      'Welcome, {{ contact.firstName | default: "there" }}',
    );
  }, 60_000);

  it('shows an A/B test’s variants side by side, each rendered for the same contact', async () => {
    await openStep('case-study');
    const a = previewOf('variant a');
    const b = previewOf('variant b');
    await poll(() => a.getByTestId('preview-subject').textContent()).toBe('How نوآوران save a day a week');
    await poll(() => b.getByTestId('preview-subject').textContent()).toBe('A case study for you');
    const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
    expect(boxA && boxB && Math.abs(boxA.y - boxB.y)).toBeLessThan(2); // one row
    expect(boxA && boxB && boxA.x !== boxB.x).toBe(true);
    await a.scrollIntoViewIfNeeded();
    await screenshot(page, 'email-editor-variants');
  }, 60_000);
});
