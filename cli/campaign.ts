import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { CampaignDefinition } from '#shared/campaigns/campaign-definition.ts';
import { SimulatedContacts } from '#shared/campaigns/simulated-contact.schema.ts';
import { simulateJourney } from '#shared/campaigns/simulation.ts';
import { connect } from './api-client.ts';

const usage = `Usage: npm run campaign -- <validate|simulate|publish> <campaign.yaml|json> [options]
  validate                   check the definition; every error names its step and field (exit 1 if invalid)
  simulate --contacts FILE   run it on a virtual clock for the contacts in FILE (JSON array, see
                             examples/campaigns/sample-contacts.json) and print who gets which email when
           --start ISO       virtual start time (default: now)
           --days N          how far to simulate (default 180)
  publish [--id ID]          create the campaign (or replace campaign ID's draft) and publish it
           --api URL         Relay API (default http://127.0.0.1:3000, the local stack)
           --token TOKEN     bearer token (default: RELAY_TOKEN, or the local marketing dev token)`;

/** Reads and validates a definition file; YAML is a superset of JSON, so both work. */
export function loadDefinition(path: string): { definition?: CampaignDefinition; errors: string[] } {
  const raw: unknown = parseYaml(readFileSync(path, 'utf8'));
  const result = CampaignDefinition.safeParse(raw);
  if (result.success) return { definition: result.data, errors: [] };
  return {
    errors: result.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join('.') : '(campaign)'}: ${issue.message}`,
    ),
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      contacts: { type: 'string' },
      start: { type: 'string' },
      days: { type: 'string', default: '180' },
      id: { type: 'string' },
      api: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, file] = positionals;
  if (values.help || !command || !file || !['validate', 'simulate', 'publish'].includes(command)) {
    console.log(usage);
    process.exit(values.help ? 0 : 2);
  }
  const { definition, errors } = loadDefinition(file);
  if (!definition) {
    console.error(`${file} is not a valid campaign:\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    process.exit(1);
  }
  const emails = definition.steps.filter((step) => step.type === 'email').length;
  if (command === 'validate') {
    console.log(
      `${file}: valid. "${definition.name}", ${definition.steps.length} steps, ${emails} emails, trigger ${definition.trigger.type}.`,
    );
    return;
  }
  if (command === 'simulate') {
    if (!values.contacts)
      throw new Error(
        'simulate needs --contacts FILE (a JSON array of contacts; see examples/campaigns/sample-contacts.json)',
      );
    const read = SimulatedContacts.safeParse(JSON.parse(readFileSync(values.contacts, 'utf8')));
    if (!read.success)
      throw new Error(
        `${values.contacts}: ${read.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    const contacts = read.data;
    const start = values.start ? new Date(values.start) : new Date();
    if (Number.isNaN(start.getTime())) throw new Error('--start must be an ISO date-time');
    const entries = simulateJourney(definition, contacts, start, Number(values.days) || 180);
    for (const entry of entries) {
      const detail =
        entry.what === 'email'
          ? `${entry.stepId}${entry.variantId ? ` (variant ${entry.variantId})` : ''}: "${entry.subject}"`
          : [entry.stepId, entry.reason].filter(Boolean).join(': ');
      console.log(`${entry.at}  ${entry.contact.padEnd(28)} ${entry.what.padEnd(12)} ${detail}`);
    }
    console.log(
      `\n${entries.filter((entry) => entry.what === 'email').length} emails to ${contacts.length} contacts; nothing was sent.`,
    );
    return;
  }
  const api = await connect(values.api, values.token, 'marketing');
  const campaign = values.id
    ? await api.send<{ id: string }>('PUT', `/campaigns/${values.id}/draft`, definition)
    : await api.send<{ id: string }>('POST', '/campaigns', definition, { retry: false });
  const published = await api.send<{ id: string; publishedVersion: number; status: string }>(
    'POST',
    `/campaigns/${campaign.id}/publish`,
    undefined,
    { retry: false },
  );
  console.log(
    `Published "${definition.name}" as campaign ${published.id}, version ${published.publishedVersion} (${published.status}).`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`campaign: ${error.message}`);
    process.exit(1);
  });
}
