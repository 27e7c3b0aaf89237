import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { repositoryRoot } from '../../local/handler-loader.ts';

describe('npm run bench -- --quick', () => {
  it('runs the whole harness and writes its figures (asserting nothing about speed)', async () => {
    // On the suite's shared DynamoDB Local, a table per phase, instead of a JVM per phase.
    const dynamoDbEndpoint = inject('dynamoDbEndpoint');
    await promisify(execFile)('npm', ['run', 'bench', '--', '--quick', '--dynamodb-endpoint', dynamoDbEndpoint], {
      cwd: repositoryRoot,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 420_000,
    });
    const resultsFile = join(repositoryRoot, 'bench', 'results', 'quick.json');
    expect(existsSync(resultsFile)).toBe(true);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
    expect(results.command).toBe(`npm run bench -- --quick --dynamodb-endpoint ${dynamoDbEndpoint}`);
    expect(results.coldStart.functions.length).toBeGreaterThan(5);
    expect(results.latency.map((figure: { operation: string }) => figure.operation)).toEqual(
      expect.arrayContaining([expect.stringContaining('create contact')]),
    );
    for (const figure of results.latency) expect(figure.p50Ms).toBeGreaterThan(0);
    expect(results.work.newLead.writeUnits).toBeGreaterThan(0);
    expect(results.work.relayPerLead.events).toBeGreaterThan(0);
    expect(results.costs[0].dollarsPerThousand).toBeGreaterThan(0);
    expect(results.leadLifecycle.leadsAssigned).toBeGreaterThan(0);
    expect(results.campaign.stateTransitionsPerExecution).toBeGreaterThan(0);
    expect(results.work.segmentEnrollment.contactsPerSecond).toBeGreaterThan(0);
    expect(results.drip.map((row: { design: string }) => row.design)).toEqual(
      expect.arrayContaining([expect.stringContaining('as built')]),
    );
    expect(results.surveys.transitionsAnswered).toBeGreaterThan(0);
    expect(results.surveys.transitionsExpired).toBeGreaterThan(0);
    // A ticket's life: its events, the one CSAT email its resolution asked, and a price.
    expect(results.ticket.events.types).toEqual(expect.arrayContaining(['Ticket Created', 'Ticket Resolved']));
    expect(results.ticket.emails).toBe(1);
    expect(results.csvImport).toMatchObject({ rows: 40, importRowsPerSecond: expect.any(Number) });
    expect(results.throughput.map((figure: { concurrency: number }) => figure.concurrency)).toEqual([1, 8, 32]);
    // The forecasts' estimators on a generated history: both pipelines learned and back-tested.
    expect(results.forecasts.pipelines.map((figure: { pipeline: string }) => figure.pipeline)).toEqual([
      'new-business',
      'renewals',
    ]);
    expect(results.forecasts.pipelines[0].errors.trend.monthsCompared).toBe(12);
    // The likelihood to convert on a generated history: trained, and both AUCs measured on the held-out contacts.
    expect(results.conversion).toMatchObject({ modelAuc: expect.any(Number), rulesAuc: expect.any(Number) });
    // The console's first screens, measured from a real build (Lighthouse only in the full run).
    const screens = results.console.size.map((figure: { screen: string }) => figure.screen);
    expect(screens).toEqual(expect.arrayContaining(['entry', 'features/my-day/MyDayPage']));
    for (const figure of results.console.size) expect(figure.jsKbGzip).toBeGreaterThan(0);
    // The contact list scrolled to its end: 250 imported and the demo's 6, in 100-row pages, few rows in the DOM.
    expect(results.console.virtualList).toMatchObject({ seeded: 250, listed: 256, pageSize: 100, pagesFetched: 3 });
    expect(results.console.virtualList.maxRowsInDom).toBeGreaterThan(0);
    expect(results.console.virtualList.maxRowsInDom).toBeLessThan(100);
    // Scrolled back to its first row a frame at a time, rows were rendered wherever the window stopped.
    expect(results.console.virtualList.framesScrolled).toBeGreaterThan(40);
    expect(results.console.virtualList.blankFrames).toBe(0);
    expect(results.console.virtualList.floorFrameP50Ms).toBeGreaterThan(0);
    expect(results.console.lighthouse).toEqual([]);
  }, 450_000);
});
