import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../local/handler-loader.ts';
import { startLocalStack, type RunningStack } from '../support/local-stack.ts';

const example = 'examples/campaigns/trial-nurture.yaml';
const campaignCli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/campaign.ts', ...args], {
    cwd: repositoryRoot,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

describe('npm run campaign', () => {
  let stack: RunningStack;
  beforeAll(async () => void (stack = await startLocalStack()), 60_000);
  afterAll(async () => void (await stack?.stop()));

  it('validates the example journey', async () => {
    expect(await campaignCli('validate', example)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('valid. "Trial nurture", 6 steps, 3 emails'),
    });
  });

  it('rejects a broken journey with errors naming the step and field, and exit code 1', async () => {
    const broken = readFileSync(join(repositoryRoot, example), 'utf8')
      .replace('else: reminder', 'else: nowhere')
      .replace('{{ contact.firstName | default: "there" }}?', '{{ contact.frstName }}?');
    const file = join(mkdtempSync(join(tmpdir(), 'campaign-')), 'broken.yaml');
    writeFileSync(file, broken);
    const result = await campaignCli('validate', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('steps.2.else: step "opened-welcome": else names unknown step "nowhere"');
    expect(result.stderr).toContain(
      'steps.3.content.subject: step "reminder": subject: undefined variable: contact.frstName',
    );
  });

  it('simulates who gets which email when, sending nothing', async () => {
    const result = await campaignCli(
      'simulate',
      example,
      '--contacts',
      'examples/campaigns/sample-contacts.json',
      '--start',
      '2026-11-23T08:00:00Z',
    );
    expect(result.stdout).toContain(
      '2026-11-23T14:00:00.000Z  sam@fabrikam.example         email        welcome: "Welcome, Sam"',
    );
    expect(result.stdout).toContain('2026-11-25T14:00:00.000Z  sam@fabrikam.example         ended        unsubscribed');
    expect(result.stdout).toContain('6 emails to 4 contacts; nothing was sent.');
  });

  it('publishes to the local stack, and publishing an edit makes version 2', async () => {
    const first = await campaignCli('publish', example, '--api', stack.apiUrl);
    const id = /as campaign (\w+), version 1 \(active\)/.exec(first.stdout)?.[1];
    expect(id, first.stderr || first.stdout).toBeDefined();
    const second = await campaignCli('publish', example, '--api', stack.apiUrl, '--id', id as string);
    expect(second.stdout).toContain(`as campaign ${id}, version 2 (active)`);
    expect((await stack.api('GET', `/campaigns/${id}/versions/1`)).json.definition.name).toBe('Trial nurture');
  });
});
