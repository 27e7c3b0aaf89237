import { parseArgs } from 'node:util';
import { spawnLocalStack } from '../local/spawn-stack.ts';
import { runFormLoad } from './form-load.ts';

const usage = `npm run load -- [--seconds 30] [--connections 32] [--duplicate-every 10] [--url http://127.0.0.1:3000]

Loads the public form endpoint over loopback with autocannon, every n-th request an exact duplicate,
then checks that every accepted lead is one contact and one Lead Received event. Without --url it
starts its own in-memory local stack (as npm start does) in a child process.`;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    'duplicate-every': { type: 'string', default: '10' },
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
  });
  console.log(JSON.stringify(figures, null, 2));
  process.exitCode = figures.lost + figures.doubled + figures.serverErrors + figures.unanswered === 0 ? 0 : 1;
} finally {
  await stack?.stop();
}
