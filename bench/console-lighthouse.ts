import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { buildConsoleIfNeeded } from '#local/console-build.ts';
import { spawnLocalStack } from '#local/spawn-stack.ts';
import { seedContacts } from './console-seed.ts';
import { median, round } from './stats.ts';

export interface LighthouseFigure {
  screen: string;
  path: string;
  runs: number;
  /** Medians over the runs, with the lowest and highest score (the machine is shared: scores move). */
  performance: number;
  performanceRange: [number, number];
  accessibility: number;
  accessibilityRange: [number, number];
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  /** The machine's 1, 5 and 15 minute load averages when this screen's runs began. */
  loadAverage: [number, number, number];
}

const screens = [
  { screen: 'contact list', path: '/contacts' },
  { screen: 'deal board', path: '/deals' },
];

/** Contacts added to the demo data, so the list is a realistic screen (its first page is 100 rows). */
const listContacts = 500;

interface LighthouseReport {
  categories: Record<string, { score: number }>;
  audits: Record<string, { numericValue?: number }>;
}

/**
 * Lighthouse (the npm package's CLI, driving Debian's Chromium) against the console served by a local stack
 * with the demo data and 500 more contacts, signed in as Ada. Desktop preset: a CRM console is used at a desk;
 * Lighthouse's simulated throttling still applies. Each screen is loaded through the local sign-in shortcut
 * (/sign-in?user=...&returnTo=...), so the run includes signing in, as a first visit would. Each screen is
 * measured `runs` times and the medians reported with the spread; `reportFolder` keeps every run's JSON
 * report (to read why a score is what it is).
 */
export async function measureLighthouse(runs = 3, reportFolder?: string): Promise<LighthouseFigure[]> {
  await buildConsoleIfNeeded();
  const stack = await spawnLocalStack(['--seed', '--console-port', '0']);
  try {
    await seedContacts(stack.apiUrl, listContacts);
    if (reportFolder) mkdirSync(reportFolder, { recursive: true });
    const figures: LighthouseFigure[] = [];
    for (const { screen, path } of screens) {
      const loadAverage = loadavg().map((load) => round(load, 2)) as [number, number, number];
      const reports: LighthouseReport[] = [];
      for (let run = 1; run <= runs; run++) {
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
        if (reportFolder) writeFileSync(join(reportFolder, `${screen.replaceAll(' ', '-')}-${run}.json`), stdout);
        reports.push(JSON.parse(stdout) as LighthouseReport);
      }
      const scores = (category: string) =>
        reports.map((report) => Math.round((report.categories[category]?.score ?? 0) * 100));
      const audits = (id: string) => reports.map((report) => report.audits[id]?.numericValue ?? Number.NaN);
      const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
      figures.push({
        screen,
        path,
        runs,
        performance: median(scores('performance')),
        performanceRange: range(scores('performance')),
        accessibility: median(scores('accessibility')),
        accessibilityRange: range(scores('accessibility')),
        firstContentfulPaintMs: Math.round(median(audits('first-contentful-paint'))),
        largestContentfulPaintMs: Math.round(median(audits('largest-contentful-paint'))),
        totalBlockingTimeMs: Math.round(median(audits('total-blocking-time'))),
        loadAverage,
      });
    }
    return figures;
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, reports: { type: 'string' } } });
  console.table(await measureLighthouse(Number(values.runs), values.reports));
}
