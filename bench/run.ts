import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { httpRoutes } from '#functions/http/routes.ts';
import { repositoryRoot } from '#infra/paths.ts';
import { stageConfig } from '#infra/config/stages.ts';
import { allWorkflows } from '#workflows/index.ts';
import { bundleLikeCdk, type BundleFigure } from './bundles.ts';
import { measureLighthouse } from './console-lighthouse.ts';
import { measureConsoleSize } from './console-size.ts';
import { measureJourneyCanvas } from './journey-canvas-timing.ts';
import { measureVirtualList } from './console-virtual-list.ts';
import { initTimeMs } from './init-time.ts';
import { measureHandlerLatency } from './latency.ts';
import { leadCosts } from './lead-cost.ts';
import { renderMarkdown } from './report.ts';
import { round } from './stats.ts';
import type { CampaignFigure } from './campaign-timing.ts';
import type { CsvImportFigure } from './csv-import-timing.ts';
import { dripCosts } from './drip-cost.ts';
import type { LeadLifecycleFigure } from './lead-lifecycle-timing.ts';
import type { SurveyFigure } from './survey-timing.ts';
import type { ThroughputFigure } from './throughput.ts';
import type { BenchStore } from './store.ts';
import { measureWorkPerOperation } from './work-per-operation.ts';
import { measureTicketWork } from './ticket-cost.ts';
import { measureForecasts } from './forecast-accuracy.ts';
import { measureConversion } from './conversion-accuracy.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'dynamodb-endpoint': { type: 'string' } },
});
const quick = values.quick;
// `--quick` proves the harness runs, so each phase gets the least work that takes it through its whole
// path (a survey per score class and one unanswered, every import outcome): its figures mean nothing.
const initRuns = quick ? 1 : 11;
// Init processes at a time: one for the real figures, two for a quick run.
const initConcurrency = quick ? 2 : 1;
const latencyIterations = quick ? 10 : 500;
const latencyWarmups = quick ? 5 : 50;
const throughputLevels = [1, 8, 32];
const leadsPerLevel = quick ? 8 : 500;
const lifecycleLeads = quick ? 8 : 500;
const campaignContacts = quick ? 8 : 300;
const surveyCount = quick ? 4 : 60;
const importRows = quick ? 40 : 10_000;
/** Contacts the console's list is scrolled through (imported first; the demo's six come with them). */
const listContacts = quick ? 250 : 10_000;
const lighthouseRuns = 3;
/**
 * A running DynamoDB (Local) to keep every phase's data in, a table each, instead of a JVM per phase
 * (the smoke test passes the suite's shared one). The full bench measures on a fresh JVM per phase.
 */
const dynamoDbEndpoint = values['dynamodb-endpoint'];
const command = `npm run bench${quick || dynamoDbEndpoint ? ' --' : ''}${quick ? ' --quick' : ''}${dynamoDbEndpoint ? ` --dynamodb-endpoint ${dynamoDbEndpoint}` : ''}`;
const storeFor = (phase: string): BenchStore | undefined =>
  dynamoDbEndpoint ? { dynamoDbEndpoint, tableName: `bench-${process.pid}-${phase}` } : undefined;

const entries = [
  ...new Set([
    ...httpRoutes.map((route) => route.entry),
    ...allWorkflows(stageConfig('dev').workflows).flatMap((workflow) =>
      Object.values(workflow.tasks).map((task) => task.entry),
    ),
    'functions/events/outbox-relay.ts',
  ]),
];
const outDirectory = join(tmpdir(), `relay-bench-${process.pid}`);
const floorEntry = 'bench/empty-handler.ts';

console.log(`Bundling ${entries.length} functions as CDK does, timing init over ${initRuns} fresh processes each...`);
const [floorBundle, ...bundles] = await bundleLikeCdk([floorEntry, ...entries], outDirectory);
if (!floorBundle) throw new Error('No floor bundle');
const floorInitMs = await initTimeMs(floorBundle.outfile, initRuns);
const initMs = new Map<string, number>();
let nextBundle = 0;
await Promise.all(
  Array.from({ length: initConcurrency }, async () => {
    while (nextBundle < bundles.length) {
      const bundle = bundles[nextBundle++] as BundleFigure;
      initMs.set(bundle.entry, await initTimeMs(bundle.outfile, initRuns));
    }
  }),
);
const coldStart = bundles.map((bundle) => {
  const init = initMs.get(bundle.entry) as number;
  return {
    entry: bundle.entry,
    bundleKb: round(bundle.bytes / 1024, 1),
    initMs: round(init),
    initRatioToEmpty: round(init / floorInitMs, 1),
  };
});

console.log(`Timing handlers against DynamoDB Local (${latencyIterations} sequential calls each)...`);
const latency = await measureHandlerLatency(latencyIterations, {
  warmups: latencyWarmups,
  store: storeFor('latency'),
});

console.log('Counting DynamoDB requests and capacity units per business operation...');
const work = await measureWorkPerOperation(quick ? 100 : 500, storeFor('work'));
console.log('Metering a ticket’s life (created, assigned, answered twice, resolved, surveyed)...');
const ticket = await measureTicketWork(storeFor('ticket-work'));

/** Runs a phase that needs the whole local stack in a process of its own (see local-phase-main.ts). */
function runLocalPhase<T>(phase: string, ...args: string[]): T {
  const output = join(outDirectory, `${phase}.json`);
  const store = storeFor(phase);
  const storeArgs = store ? ['--dynamodb-endpoint', store.dynamoDbEndpoint, '--table', store.tableName] : [];
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'bench/local-phase-main.ts', ...storeArgs, phase, output, ...args],
    {
      cwd: repositoryRoot,
      stdio: 'inherit',
    },
  );
  return JSON.parse(readFileSync(output, 'utf8')) as T;
}

console.log(
  `Pushing ${lifecycleLeads} qualifying leads through intake and the lead-lifecycle workflow (concurrency 8)...`,
);
const leadLifecycle = runLocalPhase<LeadLifecycleFigure>('lead-lifecycle', String(lifecycleLeads), '8');
const costs = leadCosts(work, leadLifecycle);

console.log(`Enrolling ${campaignContacts} contacts in a drip campaign through a nurture form (concurrency 8)...`);
const campaign = runLocalPhase<CampaignFigure>('campaign-enrollment', String(campaignContacts), '8');
const drip = dripCosts(work, campaign);

console.log(`Sending ${surveyCount} post-sale surveys on won deals and answering most of them...`);
const surveys = runLocalPhase<SurveyFigure>('surveys', String(surveyCount));

console.log(
  `Importing ${importRows} CSV rows (5% bad, 10% duplicates) with npm run import: dry run, import, re-run...`,
);
const csvImport = runLocalPhase<CsvImportFigure>('csv-import', String(importRows));

console.log(
  `Pushing ${leadsPerLevel} leads through the local pipeline at concurrency ${throughputLevels.join(', ')}...`,
);
const throughput = runLocalPhase<ThroughputFigure[]>('throughput', throughputLevels.join(','), String(leadsPerLevel));

console.log('Learning stage probabilities and back-testing the forecast views on a generated 24-month history...');
const forecasts = measureForecasts({ seed: 20, months: 24, contactsPerMonth: quick ? 40 : 200 });

// 14 seeds' histories of 24 months (and 3 of warm-up) at 200 new contacts a month: about 100,000 contacts.
console.log('Training the likelihood-to-convert model on generated histories of about 100,000 contacts...');
const conversion = measureConversion({
  seeds: quick ? [20] : Array.from({ length: 14 }, (_, index) => 20 + index),
  months: 24,
  contactsPerMonth: 200,
});

console.log('Building the console and adding up the gzipped JavaScript each screen needs...');
const consoleSize = await measureConsoleSize();
console.log(`Importing ${listContacts} contacts and scrolling the console's contact list to its end in Chromium...`);
const virtualList = await measureVirtualList(listContacts, storeFor('virtual-list'));
// Lighthouse drives Chromium through a whole local stack, three runs a screen: the full run only.
if (!quick) console.log(`Lighthouse on the contact list and the board, ${lighthouseRuns} runs each...`);
const lighthouse = quick ? [] : await measureLighthouse(lighthouseRuns);
// The journey canvas drawn in Chromium against a whole local stack: the full run only, as Lighthouse.
if (!quick) console.log('Drawing a 50-step journey on the canvas in Chromium...');
const journeyCanvas = quick ? undefined : await measureJourneyCanvas(50);

const results = {
  command,
  measuredAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
  },
  coldStart: {
    floor: { entry: floorEntry, bundleKb: round(floorBundle.bytes / 1024, 1), initMs: round(floorInitMs) },
    functions: coldStart,
  },
  latency,
  work,
  leadLifecycle,
  costs,
  campaign,
  drip,
  surveys,
  ticket,
  csvImport,
  throughput,
  forecasts,
  conversion,
  console: { size: consoleSize, virtualList, lighthouse, ...(journeyCanvas ? { journeyCanvas } : {}) },
};
const resultsDirectory = join(repositoryRoot, 'bench', 'results');
mkdirSync(resultsDirectory, { recursive: true });
const markdown = renderMarkdown(results);
writeFileSync(join(resultsDirectory, quick ? 'quick.json' : 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(resultsDirectory, quick ? 'quick.md' : 'latest.md'), markdown);
console.log(`\n${markdown}`);
