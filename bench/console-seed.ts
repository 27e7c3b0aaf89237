import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../cli/api-client.ts';
import { importCsv } from '../cli/import.ts';

/** Names as Relay's users write them, each in one script: Latin, Persian, Arabic. */
const namesByScript = [
  {
    first: ['Ada', 'Noor', 'Lena', 'Mateo', 'Chen', 'Amara'],
    last: ['Karimi', 'Schmidt', 'Okafor', 'Rossi', 'Tanaka'],
  },
  { first: ['زهرا', 'علی', 'مریم', 'رضا', 'سارا'], last: ['احمدی', 'رضایی', 'حسینی', 'کریمی'] },
  { first: ['أحمد', 'فاطمة', 'يوسف', 'ليلى'], last: ['العلي', 'منصور', 'الحسن'] },
];
const companies = ['Nordlicht GmbH', 'Persepolis Trading', 'شرکت آوا', 'مؤسسة النخيل', 'Brightpath', ''];
const stages = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer'];
/** The demo owners by name (as a CRM export names them), and none: about a third are unowned. */
const owners = ['Ada Lovelace', 'Grace Hopper', ''];

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * Adds `count` contacts to a running local stack the way a person would bring them in: a CSV through
 * `POST /imports/contacts` (the CLI's loop, 100 rows a request, four at a time), as marketing. Throws
 * unless every row was created, so a figure is never taken on a list shorter than it claims.
 */
export async function seedContacts(apiUrl: string, count: number): Promise<{ seconds: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'relay-bench-contacts-'));
  try {
    const file = join(folder, 'contacts.csv');
    const lines = ['email,firstName,lastName,companyName,lifecycleStage,owner'];
    for (let index = 0; index < count; index++) {
      const names = namesByScript[index % namesByScript.length] as (typeof namesByScript)[number];
      const nth = Math.floor(index / namesByScript.length);
      lines.push(
        [
          `contact.${index}@list.example`,
          names.first[nth % names.first.length] as string,
          names.last[Math.floor(nth / names.first.length) % names.last.length] as string,
          companies[index % companies.length] as string,
          stages[index % stages.length] as string,
          owners[index % owners.length] as string,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const api = await connect(apiUrl, undefined, 'marketing');
    const started = performance.now();
    const report = await importCsv(file, api, { type: 'contacts', concurrency: 4, batchSize: 100 });
    if (report.counts.created !== count)
      throw new Error(`Seeding ${count} contacts created ${JSON.stringify(report.counts)}`);
    return { seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** How many contacts `GET /contacts` lists, read page by page (what the console's list must end at). */
export async function countListedContacts(apiUrl: string): Promise<number> {
  const api = await connect(apiUrl, undefined, 'admin');
  let listed = 0;
  let cursor: string | undefined;
  do {
    const page = await api.send<{ items: unknown[]; nextCursor?: string }>(
      'GET',
      `/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    listed += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return listed;
}
