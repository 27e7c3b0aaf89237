import { parseArgs } from 'node:util';
import { buildDependencies } from '#functions/dependencies.ts';
import { systemContext } from '#shared/context.ts';
import { rebuildKpis } from '#shared/reports/kpi-rebuild.service.ts';
import { rebuildNameIndex } from '#shared/contacts/contact-search.service.ts';
import { rebuildEnrollmentContactIndex } from '#shared/campaigns/contact-enrollments.service.ts';
import { connect } from './api-client.ts';
import { connectTable } from './table-connection.ts';
import { kpiTable, type KpiReport } from './kpi-table.ts';
import { forecastTable } from './forecast-table.ts';
import { computeForecast } from '#shared/forecasts/forecast.service.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Usage: npm run report -- <kpis|rebuild|forecast> [options]
  kpis --from YYYY-MM-DD --to YYYY-MM-DD   print the period's KPIs as a table
       --json                              print the report as JSON instead (with a per-day series for charts)
       --api URL                           Relay API (default http://127.0.0.1:3000, the local stack)
       --token TOKEN                       bearer token (default: RELAY_TOKEN, or the local admin dev token)
  rebuild [--apply]                        recompute the daily aggregates, the campaigns' results, the pipelines' stage totals, the
                                           owners' open leads and the contacts' quick-find name entries from the
                                           source data and list where they differ, and count enrollments stored
                                           before they were indexed by contact; --apply replaces the aggregates,
                                           writes the name entries and indexes those enrollments (reads the table
                                           directly)
  forecast --pipeline ID                   the pipeline's revenue forecast: open deals weighted by the configured and
                                           by the learned stage probabilities, and the trend of won revenue, by close
                                           month, with each view's back-test error (reads every deal of the pipeline
                                           and its history from the table directly)
       --currency CODE                     the deals' currency (default EUR)
       --months N                          months ahead (default 3)
       --back-test N                       months back-tested (default 12)
       --json                              print the report as JSON
       --table NAME                        the stage's table (default: the local stack's, relay-local)
       --endpoint URL                      DynamoDB endpoint (default: the local stack's DynamoDB Local)`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      apply: { type: 'boolean', default: false },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      pipeline: { type: 'string' },
      currency: { type: 'string', default: 'EUR' },
      months: { type: 'string', default: '3' },
      'back-test': { type: 'string', default: '12' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command] = positionals;
  if (
    values.help ||
    !command ||
    !['kpis', 'rebuild', 'forecast'].includes(command) ||
    (command === 'kpis' && (!values.from || !values.to)) ||
    (command === 'forecast' &&
      (!values.pipeline || ![values.months, values['back-test']].every((n) => /^\d{1,2}$/.test(n) && Number(n) > 0)))
  ) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  if (command === 'kpis') {
    const api = await connect(values.api, values.token, 'admin');
    const report = await api.send<KpiReport>(
      'GET',
      `/reports/kpis?from=${encodeURIComponent(values.from ?? '')}&to=${encodeURIComponent(values.to ?? '')}`,
    );
    console.log(values.json ? JSON.stringify(report, null, 2) : kpiTable(report));
    return;
  }
  const table = await connectTable({
    api: values.api,
    ...(values.table ? { table: values.table } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  const deps = buildDependencies(table, systemContext);
  if (command === 'forecast') {
    const report = await computeForecast(deps, values.pipeline ?? '', {
      currency: values.currency,
      horizon: Number(values.months),
      backTestMonths: Number(values['back-test']),
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : forecastTable(report));
    return;
  }
  const { days, differences, stageTotalDifferences, openLeadDifferences, campaignResultDifferences } =
    await rebuildKpis(deps, { apply: values.apply });
  const names = await rebuildNameIndex(deps, { apply: values.apply });
  console.log(
    `Recomputed ${days.length} days, every campaign's results, every pipeline's stage totals, every owner's open leads and the name entries of ${names.contacts} contacts from the source data.`,
  );
  const differ =
    differences.length +
      stageTotalDifferences.length +
      openLeadDifferences.length +
      campaignResultDifferences.length +
      names.missingEntries >
    0;
  if (!differ) console.log('The live aggregates agree with it.');
  for (const { day, counter, aggregate, recomputed } of differences)
    console.log(`  ${day}  ${counter}: aggregate ${aggregate}, recomputed ${recomputed}`);
  for (const { pipelineId, stageId, currency, live, recomputed } of stageTotalDifferences)
    console.log(
      `  pipeline ${pipelineId} stage ${stageId} ${currency}: ${live.dealCount} deals, ${live.amount} live; ` +
        `${recomputed.dealCount} deals, ${recomputed.amount} recomputed`,
    );
  for (const { campaignId, day, counter, live, recomputed } of campaignResultDifferences)
    console.log(`  campaign ${campaignId} ${day}  ${counter}: ${live} live, ${recomputed} recomputed`);
  for (const { ownerId, live, recounted } of openLeadDifferences)
    console.log(`  owner ${ownerId}: ${live} open leads counted, ${recounted} recounted`);
  if (names.missingEntries > 0) console.log(`  quick find: ${names.missingEntries} name entries missing`);
  if (differ && values.apply)
    console.log('Replaced the aggregates with the recomputed ones, and wrote the name entries.');
  if (names.skipped > 0) {
    console.log(`  ${names.skipped} contacts changed while the rebuild ran: run it again for their name entries.`);
    process.exitCode = 1;
  }
  // contact record (issue 17): enrollments stored before the by-contact index existed get it.
  const enrollmentIndex = await rebuildEnrollmentContactIndex(deps, { apply: values.apply });
  if (enrollmentIndex.unindexed > 0)
    console.log(
      values.apply
        ? `  Indexed ${enrollmentIndex.indexed} of ${enrollmentIndex.unindexed} enrollments by contact (the rest changed meanwhile, and their writes indexed them).`
        : `  ${enrollmentIndex.unindexed} enrollments are not indexed by contact yet (--apply indexes them).`,
    );
  if ((differ || enrollmentIndex.unindexed > 0) && !values.apply) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
