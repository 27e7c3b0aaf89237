import { parseArgs } from 'node:util';
import { systemContext } from '#shared/context.ts';
import { generateHistory } from '#local/history/generate-history.ts';
import { writeHistory } from '#local/history/write-history.ts';
import { demoIds } from '#local/seed.ts';
import { OwnerRepository } from '#shared/owners/owner.repository.ts';
import { connectTable } from './table-connection.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage = `Usage: npm run seed -- history [options]
  history                          write a generated CRM history (contacts, deals through a new-business and a
                                   renewals pipeline, renewals and churn) through the domain services, each record
                                   at its own time in the past
       --months N                  months of history, ending before --end (default 24)
       --end YYYY-MM               the first month after the history (default: this month)
       --seed N                    the generator's seed (default 20); the same seed writes the same history, and
                                   is refused a second time in the same table
       --contacts-per-month N      new contacts in an average month at the start (default 60)
       --with-visits               also record the contacts' page visits (each one rescored, so much slower)
       --api URL                   the local stack whose DynamoDB Local to write to (default http://127.0.0.1:3000)
       --table NAME                another table (with --endpoint, or AWS credentials)
       --endpoint URL              its DynamoDB endpoint`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      months: { type: 'string', default: '24' },
      end: { type: 'string' },
      seed: { type: 'string', default: '20' },
      'contacts-per-month': { type: 'string', default: '60' },
      'with-visits': { type: 'boolean', default: false },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const numbers = [values.months, values.seed, values['contacts-per-month']].map(Number);
  if (values.help || positionals[0] !== 'history' || !numbers.every(Number.isInteger)) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const [months, seed, contactsPerMonth] = numbers as [number, number, number];
  const endMonth = values.end ?? systemContext.now().toISOString().slice(0, 7);
  const history = generateHistory({ seed, months, endMonth, contactsPerMonth });
  const table = await connectTable({
    api: values.api,
    ...(values.table ? { table: values.table } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  // The demo's two sales reps work the deals when the demo is loaded (npm start -- --seed); else they are unowned.
  const owners = new OwnerRepository(table);
  const [ada, grace] = await Promise.all([owners.get(demoIds.ada), owners.get(demoIds.grace)]);
  console.log(
    `Writing ${history.contacts.length} contacts and ${history.deals.length} deals from ${history.from.slice(0, 10)} ` +
      `to ${history.to.slice(0, 10)} (seed ${seed})${ada && grace ? ', shared by Ada and Grace' : ''}...`,
  );
  let reported = 0;
  const written = await writeHistory(table, history, {
    ...(ada && grace ? { ownerIds: [ada.id, grace.id] as const } : {}),
    withVisits: values['with-visits'],
    onProgress: (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent > reported) {
        reported = percent;
        console.log(`  ${percent} %`);
      }
    },
  });
  console.log(
    `Wrote ${written.contacts} contacts, ${written.deals} deals with ${written.stageMoves} stage moves` +
      `${written.visits ? ` and ${written.visits} page visits` : ''}; pipelines ${Object.values(written.pipelineIds).join(', ')}.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
