import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { repositoryRoot } from '#local/handler-loader.ts';
import { chromiumLaunchOptions } from './chromium.ts';

export { browserAvailable, chromiumPath } from './chromium.ts';

/** A Chromium of the test file's own. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch(chromiumLaunchOptions);
}

/**
 * The run's one Chromium, which the console's browser files share (test/support/console-setup.ts). Pages
 * opened with consolePage get a fresh context each, so no cookie or storage crosses files; closing the
 * returned Browser disconnects this file and closes its contexts, and leaves the browser to the others.
 */
export async function connectToSharedBrowser(): Promise<Browser> {
  const wsEndpoint = inject('browserWsEndpoint');
  if (!wsEndpoint) throw new Error('No shared Chromium: run the file in the console project (test/e2e/console/)');
  const { chromium } = await import('playwright-core');
  return chromium.connect(wsEndpoint);
}

/**
 * What a download holds, as text. Read as a stream: a connected browser (the shared one) keeps its downloads
 * on its own side, where `download.path()` is not available.
 */
export async function downloadedText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A page that fails the test on any uncaught error in the console's JavaScript. */
export async function consolePage(browser: Browser, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

/** Signs in through the console's own sign-in page, as a person would: by choosing a dev user. */
export async function signInAs(page: Page, consoleUrl: string, username: 'admin' | 'marketing' | 'ada' | 'grace') {
  await page.goto(`${consoleUrl}/sign-in`);
  await page.getByRole('button', { name: new RegExp(`^${username} \\(`) }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor();
}

/** The part of the Web Animations API the wait below reads. */
interface Animation {
  playState: string;
  effect: { getTiming(): { iterations?: number } } | null;
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 AA rules). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  // Transitions still running (a notification fading in) would give axe half-transparent text to measure:
  // wait until every finite animation on the page has ended (a spinner's infinite one never does).
  await page.waitForFunction(
    () =>
      // Typed by hand: this project's TypeScript has no DOM types outside web/.
      (globalThis as unknown as { document: { getAnimations(): Animation[] } }).document
        .getAnimations()
        .every(
          (animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity,
        ),
    undefined,
    { timeout: 10_000 },
  );
  // A sandboxed frame (the email editor's preview: the marketer's HTML with scripts off) is left out: axe
  // runs inside each frame, and in one where scripts may not run it waits forever. What it shows is the
  // email as written, whose accessibility is its author's, not the console's.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('iframe[sandbox]')
    .analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  expect(blocking, `accessibility of ${what}`).toEqual([]);
}

/**
 * A screenshot of a screen. With RELAY_SCREENSHOTS=1 it lands in docs/screenshots (the README shows those);
 * otherwise in a temporary folder, so a test run does not change the tree.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const folder =
    process.env.RELAY_SCREENSHOTS === '1'
      ? join(repositoryRoot, 'docs', 'screenshots')
      : join(repositoryRoot, 'scratch', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
