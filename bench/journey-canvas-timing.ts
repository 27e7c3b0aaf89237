import { buildConsoleIfNeeded } from '#local/console-build.ts';
import { spawnLocalStack } from '#local/spawn-stack.ts';
import { median } from './stats.ts';

export interface JourneyCanvasFigure {
  steps: number;
  runs: number;
  /** From the click on the campaign in the list to every step node drawn, the canvas chunk not yet loaded. */
  firstDrawMs: number;
  /** The same with the chunk cached (the API read, the layout and React Flow's render), median of the rest. */
  drawMedianMs: number;
}

const unsubscribe = '<p><a href="{{ unsubscribeUrl }}">Unsubscribe</a></p>';

/** A valid journey of `count` steps: emails, waits, branches on the email two steps up, updates. */
export function journeyOfSteps(count: number) {
  const steps = Array.from({ length: count }, (_, i) => {
    const id = `s${i}`;
    const last = i === count - 1;
    switch (i % 5) {
      case 0:
      case 3:
        return {
          id,
          type: 'email',
          content: {
            subject: `Email ${i}`,
            html: `<p>Email ${i}</p>${unsubscribe}`,
            text: `Email ${i} {{ unsubscribeUrl }}`,
          },
        };
      case 1:
        return { id, type: 'wait', duration: { days: 1 } };
      case 2:
        return last
          ? { id, type: 'goal', condition: { kind: 'score', min: 50 } }
          : {
              id,
              type: 'branch',
              condition: { kind: 'opened', stepId: `s${i - 2}` },
              then: `s${i + 1}`,
              else: `s${Math.min(i + 2, count - 1)}`,
            };
      default:
        return { id, type: 'update', set: { addTags: [`step-${i}`] } };
    }
  });
  return { name: `A ${count}-step journey`, trigger: { type: 'manual' }, steps };
}

/**
 * Draws a 50-step journey in Debian's Chromium, against the built console served by a local stack (as `npm
 * start` serves it): signed in as marketing, the campaign is opened from the list, and the time runs from the
 * click until all 50 step nodes are drawn (in the DOM with their laid-out size). The first run fetches the
 * canvas's chunk; the others find it cached.
 */
export async function measureJourneyCanvas(steps = 50, runs = 6): Promise<JourneyCanvasFigure> {
  await buildConsoleIfNeeded();
  const stack = await spawnLocalStack(['--console-port', '0']);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const tokens = (await (await fetch(`${stack.apiUrl}/_local/tokens`)).json()) as Record<string, string>;
    const created = await fetch(`${stack.apiUrl}/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.marketing}`, 'content-type': 'application/json' },
      body: JSON.stringify(journeyOfSteps(steps)),
    });
    if (created.status !== 201) throw new Error(`creating the journey: ${created.status} ${await created.text()}`);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await page.goto(`${stack.consoleUrl}/sign-in?user=marketing&returnTo=${encodeURIComponent('/campaigns')}`);
    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
      const link = page.getByRole('link', { name: `A ${steps}-step journey` });
      await link.waitFor();
      const started = performance.now();
      await link.click();
      // A string, evaluated in the page: this file is compiled without the DOM's types.
      await page.waitForFunction(
        `[...document.querySelectorAll('.react-flow__node[data-id^="step:"]')].filter((node) => node.style.visibility === 'visible' && node.offsetWidth > 0).length === ${steps}`,
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      timings.push(performance.now() - started);
    }
    const [first = 0, ...rest] = timings;
    return { steps, runs, firstDrawMs: Math.round(first), drawMedianMs: Math.round(median(rest)) };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table([await measureJourneyCanvas()]);
