import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureCampaignEnrollment } from './campaign-timing.ts';
import { measureCsvImport } from './csv-import-timing.ts';
import { measureLeadLifecycle } from './lead-lifecycle-timing.ts';
import type { BenchStore } from './store.ts';
import { measureSurveys } from './survey-timing.ts';
import { measureThroughput } from './throughput.ts';

// Each local-stack phase runs in its own process: handlers keep one set of dependencies per process
// (as in a Lambda container), so a local runtime must not share a process with another phase.
// `--dynamodb-endpoint URL --table NAME` keeps its data in that table of a running DynamoDB (Local).
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dynamodb-endpoint': { type: 'string' }, table: { type: 'string' } },
});
const [phase, output, ...args] = positionals as [string, string, ...string[]];
const endpoint = values['dynamodb-endpoint'];
const store: BenchStore | undefined = endpoint
  ? { dynamoDbEndpoint: endpoint, tableName: values.table ?? `bench-${phase}` }
  : undefined;
const figures =
  phase === 'throughput'
    ? await measureThroughput((args[0] ?? '1').split(',').map(Number), Number(args[1]), store)
    : phase === 'lead-lifecycle'
      ? await measureLeadLifecycle(Number(args[0]), Number(args[1]), store)
      : phase === 'campaign-enrollment'
        ? await measureCampaignEnrollment(Number(args[0]), Number(args[1]), store)
        : phase === 'surveys'
          ? await measureSurveys(Number(args[0]), store)
          : phase === 'csv-import'
            ? await measureCsvImport(Number(args[0]), store)
            : undefined;
if (figures === undefined) throw new Error(`Unknown bench phase ${phase}`);
writeFileSync(output, JSON.stringify(figures));
process.exit(0);
