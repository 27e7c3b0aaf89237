import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  connectToSharedBrowser,
  consolePage,
  expectAccessible,
  screenshot,
  signInAs,
} from '../../support/browser.ts';
import { sharedConsoleStack, type SharedConsoleStack } from '../../support/console-stack.ts';

let stack: SharedConsoleStack;
let browser: Browser;
beforeAll(async () => {
  stack = await sharedConsoleStack();
  if (browserAvailable) browser = await connectToSharedBrowser();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

describe('the console on npm start', () => {
  it('is served with its config, the security headers, and the single-page fallback', async () => {
    const consoleUrl = stack.consoleUrl;
    const config = await (await fetch(`${consoleUrl}/config.json`)).json();
    expect(config).toEqual({
      apiUrl: stack.apiUrl,
      auth: { mode: 'local', devUsersUrl: `${stack.apiUrl}/_local/users`, tokenUrl: `${stack.apiUrl}/_local/tokens` },
    });
    const screen = await fetch(`${consoleUrl}/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV`);
    expect(screen.status).toBe(200);
    expect(screen.headers.get('content-type')).toMatch(/text\/html/);
    expect(screen.headers.get('content-security-policy')).toContain(`connect-src 'self' ${stack.apiUrl}`);
    expect(screen.headers.get('x-frame-options')).toBe('DENY');
    expect((await fetch(`${consoleUrl}/assets/missing-abc123.js`)).status).toBe(404);
    // The API answers the console's origin (CORS), and no other.
    const preflight = await fetch(`${stack.apiUrl}/contacts`, {
      method: 'OPTIONS',
      headers: {
        origin: consoleUrl,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'if-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(consoleUrl);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('if-match');
    const elsewhere = await fetch(`${stack.apiUrl}/contacts`, { headers: { origin: 'https://evil.example' } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.skipIf(!browserAvailable)(
    'signs Ada in from the sign-in page, and lays out right to left in Persian',
    async () => {
      const page = await consolePage(browser);
      const consoleUrl = stack.consoleUrl;
      await page.goto(consoleUrl);
      await page.waitForURL(/\/sign-in$/);
      await expectAccessible(page, 'the sign-in page');
      await screenshot(page, 'sign-in');
      await signInAs(page, consoleUrl, 'ada');
      await expect
        .poll(() => page.getByRole('navigation').getByRole('link').allTextContents())
        .toEqual(expect.arrayContaining(['My day', 'Contacts', 'Deals', 'Reports']));
      // Settings are for admins; Ada is a sales rep.
      expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
      await expectAccessible(page, 'the shell');

      await page.getByLabel('Language').selectOption('fa');
      await expect
        .poll(() => Promise.all([page.locator('html').getAttribute('dir'), page.locator('html').getAttribute('lang')]))
        .toEqual(['rtl', 'fa']);
      await expect.poll(() => page.getByRole('navigation').getByRole('link').first().textContent()).toBe('روز من');
      await expectAccessible(page, 'the shell in Persian');
      await page.close();
    },
    60_000,
  );
});
