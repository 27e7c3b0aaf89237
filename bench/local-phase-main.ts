import { writeFileSync } from 'node:fs';
import { measureCampaignEnrollment } from './campaign-timing.ts';
import { measureCsvImport } from './csv-import-timing.ts';
import { measureLeadLifecycle } from './lead-lifecycle-timing.ts';
import { measureSurveys } from './survey-timing.ts';
import { measureThroughput } from './throughput.ts';

// Each local-stack phase runs in its own process: handlers keep one set of dependencies per process
// (as in a Lambda container), so a local runtime must not share a process with another phase.
const [phase, output, ...args] = process.argv.slice(2) as [string, string, ...string[]];
const figures =
  phase === 'throughput'
    ? await measureThroughput((args[0] ?? '1').split(',').map(Number), Number(args[1]))
    : phase === 'lead-lifecycle'
      ? await measureLeadLifecycle(Number(args[0]), Number(args[1]))
      : phase === 'campaign-enrollment'
        ? await measureCampaignEnrollment(Number(args[0]), Number(args[1]))
        : phase === 'surveys'
          ? await measureSurveys(Number(args[0]))
          : phase === 'csv-import'
            ? await measureCsvImport(Number(args[0]))
            : undefined;
if (figures === undefined) throw new Error(`Unknown bench phase ${phase}`);
writeFileSync(output, JSON.stringify(figures));
process.exit(0);
