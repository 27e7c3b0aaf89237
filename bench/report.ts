import type { LighthouseFigure } from './console-lighthouse.ts';
import type { ConsoleSizeFigure } from './console-size.ts';
import type { JourneyCanvasFigure } from './journey-canvas-timing.ts';
import type { VirtualListFigure } from './console-virtual-list.ts';
import type { leadCosts } from './lead-cost.ts';
import type { CampaignFigure } from './campaign-timing.ts';
import type { dripCosts } from './drip-cost.ts';
import type { SurveyFigure } from './survey-timing.ts';
import type { CsvImportFigure } from './csv-import-timing.ts';
import type { LatencyFigure } from './latency.ts';
import type { LeadLifecycleFigure } from './lead-lifecycle-timing.ts';
import { prices } from './prices.ts';
import { round } from './stats.ts';
import type { ThroughputFigure } from './throughput.ts';
import { forecastMarkdown, type ForecastFigure } from './forecast-accuracy.ts';
import { conversionMarkdown, type ConversionFigure } from './conversion-accuracy.ts';
import type { WorkFigures } from './work-per-operation.ts';
import type { MeterReading } from './capacity-meter.ts';
import { ticketCostMarkdown, type TicketWork } from './ticket-cost.ts';

interface Results {
  command: string;
  measuredAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  coldStart: {
    floor: { entry: string; bundleKb: number; initMs: number };
    functions: { entry: string; bundleKb: number; initMs: number; initRatioToEmpty: number }[];
  };
  latency: LatencyFigure[];
  work: WorkFigures;
  leadLifecycle: LeadLifecycleFigure;
  costs: ReturnType<typeof leadCosts>;
  campaign: CampaignFigure;
  drip: ReturnType<typeof dripCosts>;
  surveys: SurveyFigure;
  ticket: TicketWork;
  csvImport: CsvImportFigure;
  throughput: ThroughputFigure[];
  forecasts: ForecastFigure;
  conversion: ConversionFigure;
  console: {
    size: ConsoleSizeFigure[];
    virtualList: VirtualListFigure;
    lighthouse: LighthouseFigure[];
    journeyCanvas?: JourneyCanvasFigure;
  };
}

const calls = (reading: MeterReading) =>
  Object.entries(reading.calls)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ') || 'none';
const workRow = (operation: string, reading: MeterReading, extra = '') =>
  `| ${operation} | ${calls(reading)} | ${reading.readUnits} | ${reading.writeUnits} | ${extra} |`;

/** The human-readable summary printed by `npm run bench` and saved beside the JSON. */
export function renderMarkdown(results: Results): string {
  const {
    machine,
    coldStart,
    latency,
    work,
    leadLifecycle: lifecycle,
    costs,
    campaign,
    drip,
    surveys,
    csvImport,
    throughput,
    console: webConsole,
  } = results;
  return [
    `# Relay benchmark`,
    ``,
    `Produced by \`${results.command}\` on ${results.measuredAt.slice(0, 10)}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, DynamoDB Local.`,
    ``,
    `## Cold start proxy (bundled as CDK deploys; init = import in a fresh Node process, median)`,
    ``,
    `| function | bundle (KiB) | init (ms) | × empty handler |`,
    `| --- | ---: | ---: | ---: |`,
    `| _empty handler (floor)_ | ${coldStart.floor.bundleKb} | ${coldStart.floor.initMs} | 1 |`,
    ...coldStart.functions.map((f) => `| ${f.entry} | ${f.bundleKb} | ${f.initMs} | ${f.initRatioToEmpty} |`),
    ``,
    `## Handler latency against DynamoDB Local (in-process, sequential)`,
    ``,
    `| operation | p50 (ms) | p99 (ms) | floor | floor p50 (ms) | × floor |`,
    `| --- | ---: | ---: | --- | ---: | ---: |`,
    ...latency.map(
      (l) => `| ${l.operation} | ${l.p50Ms} | ${l.p99Ms} | ${l.floor} | ${l.floorP50Ms} | ${l.overheadRatio} |`,
    ),
    ``,
    `## Work per business operation (DynamoDB Local, ReturnConsumedCapacity)`,
    ``,
    `| operation | DynamoDB requests | read units | write units | other |`,
    `| --- | --- | ---: | ---: | --- |`,
    workRow('new lead (form submission)', work.newLead),
    workRow('repeated submission (idempotent replay)', work.repeatedLead),
    workRow('lead for an existing contact', work.leadForExistingContact),
    workRow('outbox relay, per lead', work.relayPerLead, `${work.relayPerLead.events} events`),
    workRow(
      'send one email (at-most-once marker + SES)',
      work.doubleOptInEmail,
      `${work.doubleOptInEmail.emails} SES send`,
    ),
    `| follow-up workflow per owned contact | | | | ${work.followUpTransitionsPerOwnedContact} state transitions |`,
    workRow('score a lead (lifecycle task)', work.scoreLead, `${work.scoreLead.events} events`),
    workRow('route it (team of 4, round-robin)', work.routeLead, `${work.routeLead.events} events`),
    workRow(
      'notify the owner',
      work.notifyOwner,
      `${work.notifyOwner.emails} SES send, ${work.notifyOwner.timers} timer`,
    ),
    workRow('SLA check (lead was touched)', work.slaCheckTouched),
    workRow(
      'enroll a contact in a campaign',
      work.enrollContact,
      `${work.enrollContact.timers} timer (first step now)`,
    ),
    workRow('campaign step: send an email', work.dripEmailStep, `${work.dripEmailStep.emails} SES send`),
    workRow('campaign step: set the wait’s timer', work.dripWaitStep, `${work.dripWaitStep.timers} timer`),
    ``,
    `## Lead lifecycle on the local stack (${lifecycle.leads} qualifying leads, concurrency ${lifecycle.concurrency})`,
    ``,
    `| Lead Received → Lead Assigned p50 (ms) | p99 (ms) | leads assigned | state transitions per lead | execution p50 (ms) |`,
    `| ---: | ---: | ---: | ---: | ---: |`,
    `| ${lifecycle.receivedToAssignedP50Ms} | ${lifecycle.receivedToAssignedP99Ms} | ${lifecycle.leadsAssigned} | ${lifecycle.stateTransitionsPerLead} | ${lifecycle.executionP50Ms} |`,
    ``,
    `Locally the outbox is swept when a handler ends, at most every 100 ms (in AWS a DynamoDB stream triggers the relay), so up to 100 ms of the time above is the wait for a sweep.`,
    ``,
    `## Cost per 1,000 (us-east-1 list prices read ${prices.readAt}; Lambda arm64 at 512 MB, duration from the local run)`,
    ``,
    `| design | $ per 1,000 | × floor |`,
    `| --- | ---: | ---: |`,
    ...costs.map(
      (c) =>
        `| ${c.design} | ${c.dollarsPerThousand} | ${c.design.startsWith('drip') ? '' : Math.round((c.dollarsPerThousand / (costs[0]?.dollarsPerThousand ?? 1)) * 10) / 10} |`,
    ),
    ``,
    `Where the as-built lead dollars go: ${Object.entries(costs[3]?.items ?? {})
      .filter(([, v]) => v > 0)
      .sort(([, a], [, b]) => b - a)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    ``,
    `## Drip campaign on the local stack (${campaign.contacts} contacts through a nurture form, concurrency ${campaign.concurrency})`,
    ``,
    `| contacts to first email / s | Lead Received → first email p50 (ms) | p99 (ms) | states per campaign-step execution | execution p50 (ms) |`,
    `| ---: | ---: | ---: | ---: | ---: |`,
    `| ${campaign.enrolledToFirstEmailPerSecond} | ${campaign.receivedToFirstEmailP50Ms} | ${campaign.receivedToFirstEmailP99Ms} | ${campaign.stateTransitionsPerExecution} | ${campaign.executionP50Ms} |`,
    ``,
    `Enrolling a ${work.segmentEnrollment.contacts}-contact segment in process (${work.segmentEnrollment.pages} pages of 100, 8 at a time, DynamoDB Local): **${work.segmentEnrollment.contactsPerSecond} contacts/s**, ${round(work.segmentEnrollment.perContact.readUnits, 1)} RCU and ${round(work.segmentEnrollment.perContact.writeUnits, 1)} WCU per contact. First emails are then spread to the SES send rate by their timers.`,
    ``,
    `## Cost per 1,000 drip emails`,
    ``,
    `| design | $ per 1,000 emails |`,
    `| --- | ---: |`,
    ...drip.map((row) => `| ${row.design} | ${row.dollarsPerThousand} |`),
    ``,
    `## Post-sale surveys on the local stack (${surveys.surveys} won deals; most answered by a click, the rest expire after their reminder)`,
    ``,
    `| path | states per execution (Standard transitions) | Lambda tasks | orchestration $ per 1,000 surveys |`,
    `| --- | ---: | ---: | ---: |`,
    `| answered (resume, branch, follow-up, publish) | ${surveys.transitionsAnswered} | ${surveys.lambdaTasksAnswered} | ${surveys.orchestrationDollarsPerThousandAnswered} |`,
    `| unanswered (reminder, then expiry) | ${surveys.transitionsExpired} | ${surveys.lambdaTasksExpired} | ${surveys.orchestrationDollarsPerThousandExpired} |`,
    ``,
    `Click on a score link → Survey Response Received on the bus: p50 ${surveys.answerToEventP50Ms} ms, p99 ${surveys.answerToEventP99Ms} ms (includes the local outbox poller's interval).`,
    ``,
    `## CSV import on the local stack (${csvImport.rows} rows, 5% bad, 10% duplicates; exact counts checked)`,
    ``,
    `Dry run ${csvImport.dryRunRowsPerSecond} rows/s, import ${csvImport.importRowsPerSecond} rows/s, re-run (all unchanged) ${csvImport.rerunRowsPerSecond} rows/s, batches of 100, four at a time.`,
    ``,
    `## Throughput through the local pipeline (HTTP → handler → DynamoDB Local → outbox relay → bus)`,
    ``,
    `| concurrency | leads | accepted / s | end-to-end / s |`,
    `| ---: | ---: | ---: | ---: |`,
    ...throughput.map((t) => `| ${t.concurrency} | ${t.leads} | ${t.acceptedPerSecond} | ${t.endToEndPerSecond} |`),
    ``,
    ...forecastMarkdown(results.forecasts),
    ...conversionMarkdown(results.conversion),
    `## Console: JavaScript a screen needs before it shows (gzipped; entry + shell + the screen's chunk)`,
    ``,
    `| screen | JS (KB gz) | CSS (KB gz) |`,
    `| --- | ---: | ---: |`,
    ...webConsole.size.map((figure) => `| ${figure.screen} | ${figure.jsKbGzip} | ${figure.cssKbGzip} |`),
    ``,
    `## Console: the contact list over ${webConsole.virtualList.listed} contacts (Chromium, End held down to the last row)`,
    ``,
    `| pages read (${webConsole.virtualList.pageSize} a request) | most rows in the DOM | first rows (ms) | per page p50 (ms) | p95 (ms) | max (ms) | JS heap at first rows → end (MB) |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${webConsole.virtualList.pagesFetched} | ${webConsole.virtualList.maxRowsInDom} | ${webConsole.virtualList.firstRowsMs} | ${webConsole.virtualList.perPageP50Ms} | ${webConsole.virtualList.perPageP95Ms} | ${webConsole.virtualList.perPageMaxMs} | ${webConsole.virtualList.heapUsedMbAtFirstRows} → ${webConsole.virtualList.heapUsedMbAtEnd} |`,
    ``,
    `${webConsole.virtualList.seeded} of them imported first through POST /imports/contacts (${webConsole.virtualList.seedSeconds} s); the rest are the demo's.`,
    ``,
    `Then, with every row loaded, the list scrolled up from its last row, ${webConsole.virtualList.scrollPxPerFrame} px a frame, for ${webConsole.virtualList.framesScrolled} frames (to its first row or for 300 at most):`,
    ``,
    `| frames | frame p50 (ms) | p95 (ms) | max (ms) | frames over 50 ms | frames with no row at the window's middle | script per frame (ms) | style and layout per frame (ms) |`,
    `| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    `| ${webConsole.virtualList.framesScrolled} | ${webConsole.virtualList.frameP50Ms} | ${webConsole.virtualList.frameP95Ms} | ${webConsole.virtualList.frameMaxMs} | ${webConsole.virtualList.framesOver50Ms} | ${webConsole.virtualList.blankFrames} | ${webConsole.virtualList.scriptMsPerFrame} | ${webConsole.virtualList.styleAndLayoutMsPerFrame} |`,
    ``,
    `The floor, the same scroll over a static page as tall in the same browser just after: frame p50 ${webConsole.virtualList.floorFrameP50Ms} ms, p95 ${webConsole.virtualList.floorFrameP95Ms} ms.`,
    ``,
    ...(webConsole.lighthouse.length
      ? [
          `## Console: Lighthouse (desktop preset, Debian's Chromium, local stack with the demo data and 500 more contacts, signed in as Ada)`,
          ``,
          `| screen | runs | performance, median (range) | accessibility, median (range) | FCP (ms) | LCP (ms) | TBT (ms) | load average (1, 5, 15 min) |`,
          `| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`,
          ...webConsole.lighthouse.map(
            (figure) =>
              `| ${figure.screen} | ${figure.runs} | ${figure.performance} (${figure.performanceRange.join('–')}) | ${figure.accessibility} (${figure.accessibilityRange.join('–')}) | ${figure.firstContentfulPaintMs} | ${figure.largestContentfulPaintMs} | ${figure.totalBlockingTimeMs} | ${figure.loadAverage.join(', ')} |`,
          ),
          ``,
        ]
      : [`Lighthouse runs in the full \`npm run bench\` only.`, ``]),
    ...(webConsole.journeyCanvas
      ? [
          `## Console: drawing a ${webConsole.journeyCanvas.steps}-step journey (Chromium, built console, local stack)`,
          ``,
          `From the click on the campaign to every step node drawn: ${webConsole.journeyCanvas.firstDrawMs} ms the first time (the canvas chunk fetched), median ${webConsole.journeyCanvas.drawMedianMs} ms after (${webConsole.journeyCanvas.runs - 1} runs, chunk cached: the API read, the layout and the render).`,
          ``,
        ]
      : []),
    ticketCostMarkdown(results.ticket),
  ].join('\n');
}
