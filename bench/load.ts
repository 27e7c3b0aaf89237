import { parseArgs } from 'node:util';
import { spawnLocalStack } from '../local/spawn-stack.ts';
import { formLoadPassed, runFormLoad } from './form-load.ts';

const usage = `npm run load -- [--seconds 30] [--connections 32] [--duplicate-every 10] [--near-duplicate-every 10] [--url http://127.0.0.1:3000]

Loads the public form endpoint over loopback with autocannon: every n-th request an exact duplicate,
and every n-th (halfway between) a recent lead's email again with other fields. Then it checks that
every accepted lead is one Lead Received event and one contact per email, that no lead-lifecycle
execution failed and nothing was dead-lettered, and that every form submission is in its contact's
score. Without --url it starts its own in-memory local stack (as npm start does) in a child process.`;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    'duplicate-every': { type: 'string', default: '10' },
    'near-duplicate-every': { type: 'string', default: '10' },
    url: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const stack = values.url ? undefined : await spawnLocalStack();
try {
  const figures = await runFormLoad(values.url ?? (stack?.apiUrl as string), {
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    duplicateEvery: Number(values['duplicate-every']),
    nearDuplicateEvery: Number(values['near-duplicate-every']),
  });
  console.log(JSON.stringify(figures, null, 2));
  const passed = formLoadPassed(figures);
  console.log(
    `${passed ? 'PASS' : 'FAIL'}: 5xx ${figures.serverErrors}, unanswered ${figures.unanswered}, lost ${figures.lost}, ` +
      `doubled ${figures.doubled}, emails in two contacts ${figures.splitContacts}, failed executions ` +
      `${figures.failedExecutions}, dead letters ${figures.deadLetters}, scores missing an engagement ${figures.unscoredEngagements}`,
  );
  process.exitCode = passed ? 0 : 1;
} finally {
  await stack?.stop();
}
