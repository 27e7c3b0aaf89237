import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildConsoleIfNeeded } from '#local/console-build.ts';
import { spawnLocalStack } from '#local/spawn-stack.ts';

export interface LighthouseFigure {
  screen: string;
  path: string;
  performance: number;
  accessibility: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
}

const screens = [
  { screen: 'contact list', path: '/contacts' },
  { screen: 'deal board', path: '/deals' },
];

/**
 * Lighthouse (the npm package's CLI, driving Debian's Chromium) against the console served by a local stack
 * with the demo data, signed in as Ada. Desktop preset: a CRM console is used at a desk; Lighthouse's
 * simulated throttling still applies. Each screen is loaded through the local sign-in shortcut
 * (/sign-in?user=...&returnTo=...), so the run includes signing in, as a first visit would.
 */
export async function measureLighthouse(): Promise<LighthouseFigure[]> {
  await buildConsoleIfNeeded();
  const stack = await spawnLocalStack(['--seed', '--console-port', '0']);
  try {
    const figures: LighthouseFigure[] = [];
    for (const { screen, path } of screens) {
      const url = `${stack.consoleUrl}/sign-in?user=salesAda&returnTo=${encodeURIComponent(path)}`;
      const { stdout } = await promisify(execFile)(
        'npx',
        [
          'lighthouse',
          url,
          '--quiet',
          '--preset=desktop',
          '--only-categories=performance,accessibility',
          '--output=json',
          '--output-path=stdout',
          '--chrome-flags=--headless=new --no-sandbox',
        ],
        { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 << 20 },
      );
      const report = JSON.parse(stdout) as {
        categories: Record<string, { score: number }>;
        audits: Record<string, { numericValue?: number }>;
      };
      const audit = (id: string) => Math.round(report.audits[id]?.numericValue ?? Number.NaN);
      figures.push({
        screen,
        path,
        performance: Math.round((report.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((report.categories.accessibility?.score ?? 0) * 100),
        firstContentfulPaintMs: audit('first-contentful-paint'),
        largestContentfulPaintMs: audit('largest-contentful-paint'),
        totalBlockingTimeMs: audit('total-blocking-time'),
      });
    }
    return figures;
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureLighthouse());
