import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildConsoleIfNeeded } from '#local/console-build.ts';
import { spawnLocalStack } from '#local/spawn-stack.ts';
import { countListedContacts, seedContacts } from './console-seed.ts';
import { quantile, round } from './stats.ts';
import type { BenchStore } from './store.ts';

export interface VirtualListFigure {
  /** Contacts imported for the run; the list also holds the demo's. */
  seeded: number;
  /** Rows the list ended with: every contact `GET /contacts` lists (checked). */
  listed: number;
  /** Requests of `GET /contacts` the console made from its first row to its last. */
  pagesFetched: number;
  pageSize: number;
  /** The most contact rows in the page's DOM at any moment (a MutationObserver watched every change). */
  maxRowsInDom: number;
  /** JavaScript heap in use (after a garbage collection) when the first rows showed and at the end. */
  heapUsedMbAtFirstRows: number;
  heapUsedMbAtEnd: number;
  /** From a click on "Contacts" in the navigation to the first row shown (the screen's lazy chunk included). */
  firstRowsMs: number;
  /** From End pressed at the bottom of the loaded rows to the next page's rows in the table. */
  perPageP50Ms: number;
  perPageP95Ms: number;
  perPageMaxMs: number;
  /**
   * The loaded list scrolled up from its last row by `scrollPxPerFrame` a frame, to its first row or for
   * `maxFramesScrolled` frames.
   */
  scrollPxPerFrame: number;
  framesScrolled: number;
  /** Time between consecutive frames while scrolling (16.7 ms at 60 frames a second). */
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Frames that took more than 50 ms (a long task: the scroll visibly stalls). */
  framesOver50Ms: number;
  /** Frames painted with no contact row at the middle of the window (the list showed blank space). */
  blankFrames: number;
  /**
   * The renderer's main thread per frame while scrolling, as Chromium counts it (Performance.getMetrics):
   * running JavaScript, and style and layout. Less moved by the machine's load than the frame times.
   */
  scriptMsPerFrame: number;
  styleAndLayoutMsPerFrame: number;
  /**
   * The floor: the same scroll, in the same browser just after, over a static page as tall with nothing
   * to render (what the machine's load alone leaves of 60 frames a second).
   */
  floorFrameP50Ms: number;
  floorFrameP95Ms: number;
  seedSeconds: number;
}

const rowSelector = 'table[aria-label="Contacts"] tbody [role="row"]';

/** 12,000 px a second at 60 frames a second: a fast spin of a mouse wheel, about 5 rows a frame. */
const scrollPxPerFrame = 200;
/**
 * At most this many frames up from the end (60,000 px, about 1,500 rows): the whole of 10,000 rows would be
 * 2,000 frames, over five minutes on this shared machine's loaded cores, and each frame does the same work.
 */
const maxFramesScrolled = 300;

/** What the functions run in the page use of it (the bench's TypeScript project has no DOM library). */
interface InPage {
  maxContactRows: number;
  document: {
    querySelector(
      selector: string,
    ): { getAttribute(name: string): string | null; getBoundingClientRect(): { top: number } } | null;
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>;
    documentElement: { scrollHeight: number };
    elementFromPoint(x: number, y: number): { closest(selector: string): unknown } | null;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  innerWidth: number;
  innerHeight: number;
  scrollY: number;
  scrollTo(x: number, y: number): void;
  requestAnimationFrame(callback: (now: number) => void): void;
}

/**
 * Seeds `seeded` contacts into a local stack (with the demo data), then scrolls the console's list to its
 * end (`scrollContactList`).
 */
export async function measureVirtualList(seeded: number, store?: BenchStore): Promise<VirtualListFigure> {
  await buildConsoleIfNeeded();
  const storeArgs = store ? ['--dynamodb-endpoint', store.dynamoDbEndpoint, '--table', store.tableName] : [];
  const stack = await spawnLocalStack([...storeArgs, '--seed', '--console-port', '0']);
  try {
    const { seconds: seedSeconds } = await seedContacts(stack.apiUrl, seeded);
    const figure = await scrollContactList(stack.consoleUrl as string, stack.apiUrl);
    return { seeded, ...figure, seedSeconds: round(seedSeconds, 1) };
  } finally {
    await stack.stop();
  }
}

/**
 * Opens the console in Debian's Chromium as Ada and goes down the whole contact list as a person holding
 * End would: each press jumps to the last loaded row, the list reads its next page, and the time until
 * those rows are in the table is one page's time. The DOM's rows are counted on every change, the heap is
 * read from Chromium (CDP), and the list must end with exactly the contacts the API lists.
 */
export async function scrollContactList(
  consoleUrl: string,
  apiUrl: string,
): Promise<Omit<VirtualListFigure, 'seeded' | 'seedSeconds'>> {
  const expected = await countListedContacts(apiUrl);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript((selector) => {
      const inPage = globalThis as unknown as InPage;
      inPage.maxContactRows = 0;
      new inPage.MutationObserver(() => {
        inPage.maxContactRows = Math.max(inPage.maxContactRows, inPage.document.querySelectorAll(selector).length);
      }).observe(inPage.document, { childList: true, subtree: true });
    }, rowSelector);
    // The list's reads: every contact, no filter. My day, shown first, reads Ada's own and the unowned
    // (?ownerId=, ?unowned=), and may still be reading them when Contacts is clicked.
    const isListRead = (address: string) => {
      const url = new URL(address);
      return (
        url.origin === apiUrl &&
        url.pathname === '/contacts' &&
        [...url.searchParams.keys()].every((key) => key === 'limit' || key === 'cursor')
      );
    };
    const listRequests: string[] = [];
    let listOpened = false;
    page.on('request', (request) => {
      if (listOpened && request.method() === 'GET' && isListRead(request.url())) listRequests.push(request.url());
    });
    const listAnswers: number[] = [];
    page.on('response', (response) => {
      if (listOpened && response.request().method() === 'GET' && isListRead(response.url()))
        listAnswers.push(response.status());
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapUsedMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
      return round(used / 2 ** 20, 1);
    };

    await page.goto(`${consoleUrl}/sign-in?user=salesAda&returnTo=/`);
    await page.getByTestId('signed-in-as').filter({ hasText: 'ada' }).waitFor();
    const opened = performance.now();
    listOpened = true;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
    await page.locator(rowSelector).first().waitFor();
    const firstRowsMs = performance.now() - opened;
    const heapUsedMbAtFirstRows = await heapUsedMb();
    const table = page.getByRole('table', { name: 'Contacts' });
    // "1,200 contacts loaded, more to come": the console's own count (English, grouped digits).
    const loaded = async () =>
      Number(
        /[\d,]+/
          .exec((await page.getByRole('status').filter({ hasText: 'loaded' }).textContent()) ?? '')?.[0]
          .replaceAll(',', ''),
      );
    // End scrolls the page only from the page itself, not from the navigation (a scroll area of its own).
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).click();

    const pageTimes: number[] = [];
    while ((await table.getAttribute('aria-rowcount')) === '-1') {
      const before = await loaded();
      const pressed = performance.now();
      await page.keyboard.press('End');
      // At the bottom the list reads its next page; the count and the table's rows change in one render.
      await page
        .waitForFunction(
          (before) => {
            const { document } = globalThis as unknown as InPage;
            const table = document.querySelector('table[aria-label="Contacts"]');
            const count = Array.from(document.querySelectorAll('[role="status"]')).find((status) =>
              status.textContent?.includes('loaded'),
            )?.textContent;
            const loaded = Number(/[\d,]+/.exec(count ?? '')?.[0].replaceAll(',', ''));
            // The last page may be empty: the one before it was full, so the API could not tell it was the end.
            return loaded > before || table?.getAttribute('aria-rowcount') !== '-1';
          },
          before,
          { timeout: 60_000, polling: 'raf' },
        )
        .catch((error: Error) => {
          throw new Error(
            `No page came after End at ${before} contacts (${listRequests.length} reads, answers ${listAnswers.slice(-3).join(', ')}): ${error.message}`,
          );
        });
      pageTimes.push(performance.now() - pressed);
      if ((await table.getAttribute('aria-rowcount')) === '-1' && (await loaded()) <= before)
        throw new Error(`End at ${before} contacts brought no more`);
    }
    const listed = Number(await table.getAttribute('aria-rowcount')) - 1;
    const pagesFetched = listRequests.length;
    if (listed !== expected)
      throw new Error(`The console's list ended at ${listed} contacts; the API lists ${expected}`);
    const heapUsedMbAtEnd = await heapUsedMb();
    const mainThread = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const seconds = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
      return {
        script: seconds('ScriptDuration'),
        styleAndLayout: seconds('RecalcStyleDuration') + seconds('LayoutDuration'),
      };
    };
    const beforeScroll = await mainThread();
    const frames = await scrollUpFrameByFrame(page, rowSelector);
    const afterScroll = await mainThread();
    const pageHeight = await page.evaluate(
      () => (globalThis as unknown as InPage).document.documentElement.scrollHeight,
    );
    const floorPage = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await floorPage.setContent(`<div style="height: ${pageHeight}px"></div>`);
    const floor = await scrollUpFrameByFrame(floorPage, 'div');
    await floorPage.close();
    const perFrameMs = (seconds: number) => round((seconds * 1000) / frames.intervals.length, 2);
    const maxRowsInDom = await page.evaluate(() => (globalThis as unknown as InPage).maxContactRows);
    const pageSize = Number(new URL(listRequests[0] ?? 'http://x/?limit=NaN').searchParams.get('limit'));
    return {
      listed,
      pagesFetched,
      pageSize,
      maxRowsInDom,
      heapUsedMbAtFirstRows,
      heapUsedMbAtEnd,
      firstRowsMs: round(firstRowsMs),
      perPageP50Ms: round(quantile(pageTimes, 0.5)),
      perPageP95Ms: round(quantile(pageTimes, 0.95)),
      perPageMaxMs: round(Math.max(...pageTimes)),
      scrollPxPerFrame,
      framesScrolled: frames.intervals.length,
      frameP50Ms: round(quantile(frames.intervals, 0.5), 1),
      frameP95Ms: round(quantile(frames.intervals, 0.95), 1),
      frameMaxMs: round(Math.max(...frames.intervals), 1),
      framesOver50Ms: frames.intervals.filter((interval) => interval > 50).length,
      blankFrames: frames.blank,
      scriptMsPerFrame: perFrameMs(afterScroll.script - beforeScroll.script),
      styleAndLayoutMsPerFrame: perFrameMs(afterScroll.styleAndLayout - beforeScroll.styleAndLayout),
      floorFrameP50Ms: round(quantile(floor.intervals, 0.5), 1),
      floorFrameP95Ms: round(quantile(floor.intervals, 0.95), 1),
    };
  } finally {
    await browser.close();
  }
}

/**
 * With every row loaded, scrolls the window up from the list's end by `scrollPxPerFrame` in each animation
 * frame, to the first row (at the window's top) or for `maxFramesScrolled` frames, and records the time
 * between frames and whether a row (`selector`) sat at the window's middle when the frame began (the rows for
 * the previous step should be rendered by then: a virtual list that falls behind shows blank space there).
 */
async function scrollUpFrameByFrame(page: Page, selector: string) {
  return page.evaluate(
    // No function is given a name inside (tsx would wrap it in a helper the page does not have).
    async ({ pxPerFrame, maxFrames, selector }) => {
      const inPage = globalThis as unknown as InPage;
      const body = inPage.document.querySelector('table[aria-label="Contacts"] tbody');
      const firstRowTop = (body?.getBoundingClientRect().top ?? 0) + inPage.scrollY;
      inPage.scrollTo(0, inPage.document.documentElement.scrollHeight);
      // Two frames first, so the jump to the end has been rendered before the first step is timed.
      let last = 0;
      for (let frame = 0; frame < 2; frame++)
        last = await new Promise<number>((resolve) => inPage.requestAnimationFrame(resolve));
      const intervals: number[] = [];
      let blank = 0;
      while (inPage.scrollY > firstRowTop && intervals.length < maxFrames) {
        inPage.scrollTo(0, Math.max(firstRowTop, inPage.scrollY - pxPerFrame));
        const now = await new Promise<number>((resolve) => inPage.requestAnimationFrame(resolve));
        intervals.push(now - last);
        last = now;
        const middle = inPage.document.elementFromPoint(inPage.innerWidth / 2, inPage.innerHeight / 2);
        if (!middle?.closest(selector)) blank++;
      }
      return { intervals, blank };
    },
    { pxPerFrame: scrollPxPerFrame, maxFrames: maxFramesScrolled, selector },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { contacts: { type: 'string', default: '10000' } } });
  console.table(await measureVirtualList(Number(values.contacts)));
}
