import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { repositoryRoot } from '#local/handler-loader.ts';

/** Debian's Chromium (`.ci/run` installs it). A browser test never skips in CI; elsewhere it may. */
export const chromiumPath = '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath) || process.env.CI === 'true';

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
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
