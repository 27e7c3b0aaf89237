import { parseArgs } from 'node:util';
import type { LocalRuntimeOptions } from './runtime.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const usage = `Usage: npm start -- [options]
  --fresh                  wipe local data (.data/) before starting
  --seed                   load the demo contacts
  --port N                 HTTP API port (default 3000; 0 = any free port)
  --dynamodb-port N        DynamoDB Local port (default 8000)
  --dynamodb-endpoint URL  use a DynamoDB (Local) already running at URL instead of starting one
  --table NAME             the table to use, created if missing (default relay-local)
  --ses-port N             local SES port and outbox (default 8005)
  --console-port N         the web console's port (default 5173; 0 = any free port)
  --no-console             serve no console (and do not build it)
  --time-scale N           run workflow waits N times faster (default 1440: a day takes a minute)
  --data-dir PATH          where tables and the event journal live (default .data)
  --in-memory              keep nothing on disk
  --delivery-seed N        deliver events, timers and Express starts at least once and out of order, as AWS
                           does, seeded by N (the tests' mode; also RELAY_LOCAL_DELIVERY_SEED; default off)
  --duplicate-rate R       in that mode, the share delivered twice (default 0.1; RELAY_LOCAL_DUPLICATE_RATE)
  --reorder-ms N           in that mode, how late a delivery may be (default 25; RELAY_LOCAL_REORDER_MS)`;

const { values } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    seed: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'dynamodb-port': { type: 'string', default: '8000' },
    'dynamodb-endpoint': { type: 'string' },
    table: { type: 'string', default: 'relay-local' },
    'ses-port': { type: 'string', default: '8005' },
    'console-port': { type: 'string', default: '5173' },
    'no-console': { type: 'boolean', default: false },
    'time-scale': { type: 'string', default: '1440' },
    'data-dir': { type: 'string', default: '.data' },
    'in-memory': { type: 'boolean', default: false },
    'delivery-seed': { type: 'string' },
    'duplicate-rate': { type: 'string' },
    'reorder-ms': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const number = (name: string, raw: string) => {
  const parsed = Number(raw);
  if (!Number.isFinite(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative number, got "${raw}"\n\n${usage}`);
    process.exit(2);
  }
  return parsed;
};

const endpoint = (raw: string) => {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    console.error(`--dynamodb-endpoint must be an http(s) URL such as http://127.0.0.1:8000, got "${raw}"\n\n${usage}`);
    process.exit(2);
  }
  return raw;
};

// DynamoDB's own rule for table names, so a typo fails here and not at the first request.
const tableName = (raw: string) => {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(raw)) {
    console.error(`--table must be 3 to 255 letters, digits, "_", "-" or ".", got "${raw}"\n\n${usage}`);
    process.exit(2);
  }
  return raw;
};

if (values['delivery-seed'] !== undefined) process.env.RELAY_LOCAL_DELIVERY_SEED = values['delivery-seed'];
if (values['duplicate-rate'] !== undefined) process.env.RELAY_LOCAL_DUPLICATE_RATE = values['duplicate-rate'];
if (values['reorder-ms'] !== undefined) process.env.RELAY_LOCAL_REORDER_MS = values['reorder-ms'];

const options: LocalRuntimeOptions = {
  ...(values['in-memory'] ? {} : { dataDirectory: values['data-dir'] }),
  fresh: values.fresh,
  seed: values.seed,
  apiPort: number('port', values.port),
  dynamoDbPort: number('dynamodb-port', values['dynamodb-port']),
  ...(values['dynamodb-endpoint'] ? { dynamoDbEndpoint: endpoint(values['dynamodb-endpoint']) } : {}),
  tableName: tableName(values.table),
  sesPort: number('ses-port', values['ses-port']),
  ...(values['no-console'] ? {} : { consolePort: number('console-port', values['console-port']) }),
  timeScale: number('time-scale', values['time-scale']) || 1,
};
// Imported once the flags are known good, so a typo is reported at once rather than after loading every handler.
if (!values['no-console']) {
  const { buildConsoleIfNeeded } = await import('./console-build.ts');
  await buildConsoleIfNeeded().catch((error: Error) => {
    console.error(`The console could not be built: ${error.message}`);
    process.exit(1);
  });
}
const { startLocalRuntime } = await import('./runtime.ts');
const runtime = await startLocalRuntime(options).catch((error: Error) => {
  console.error(`Relay could not start: ${error.message}`);
  process.exit(1);
});

console.log(`Relay is running locally.${runtime.consoleUrl ? `\n  Console        ${runtime.consoleUrl}            (sign in as a dev user: admin, marketing, ada, grace, sam, nasrin)` : ''}
  API            ${runtime.apiUrl}            (send a dev token below: curl -H "authorization: Bearer <token>" ${runtime.apiUrl}/contacts)
  OpenAPI        ${runtime.apiUrl}/openapi.json${values.seed ? `\n  Demo page      ${runtime.apiUrl}/demo            (a lead form to fill in)` : ''}
  Event bus      ${runtime.apiUrl}/_local/events   (tail: curl -N '${runtime.apiUrl}/_local/events?follow=true')${runtime.eventJournal ? `\n  Event journal  ${runtime.eventJournal}` : ''}
  Workflows      ${runtime.apiUrl}/_local/executions   (waits run ${values['time-scale']}x faster)
  Timers         ${runtime.apiUrl}/_local/timers       (lead SLA checks, on the same time scale)
  Dead letters   ${runtime.apiUrl}/_local/dead-letters (deliveries that failed every retry, counted)
  Deliveries     ${runtime.apiUrl}/_local/deliveries   (${runtime.delivery.options ? `at least once, out of order, seed ${runtime.delivery.options.seed}` : 'exactly once; --delivery-seed N delivers at least once, as AWS'})
  Email outbox   ${runtime.sesUrl}            (JSON: ${runtime.sesUrl}/store)
  DynamoDB Local ${runtime.dynamoDbEndpoint}   (table ${runtime.tableName})
Dev tokens (Authorization: Bearer ...; also at ${runtime.apiUrl}/_local/tokens${values['in-memory'] ? '' : ` and in ${values['data-dir']}/dev-tokens.json`}):
${Object.entries(runtime.devTokens)
  .map(([user, token]) => `  ${user.padEnd(11)} ${token}`)
  .join('\n')}
Webhook source demo-partner (POST ${runtime.apiUrl}/webhooks/leads?source=demo-partner), secret: ${runtime.webhookSecret}
Press Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Relay...');
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
