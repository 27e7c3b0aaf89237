import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it). A browser test never skips in CI; elsewhere it may. */
export const chromiumPath = '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath) || process.env.CI === 'true';

/** How every test launches it, alone (launchBrowser) or as the console files' shared server (console-setup). */
export const chromiumLaunchOptions = { executablePath: chromiumPath, args: ['--no-sandbox'] } satisfies LaunchOptions;
