import { spawn } from 'node:child_process';

/**
 * Runs the npm scripts named on the command line at the same time, prints each one's output in one piece
 * when it ends (so their lines do not interleave), and fails if any of them failed. `npm test` runs
 * typecheck, lint and format:check this way: each is one single-threaded process, so on two cores the
 * three together take about the time of the longest instead of the sum.
 */
const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('Usage: node --import tsx scripts/run-together.ts <npm script>...');
  process.exit(2);
}

const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise<{ script: string; code: number; seconds: number }>((resolve) => {
        const startedAt = Date.now();
        const child = spawn('npm', ['run', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        const output: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
        child.on('close', (code, signal) => {
          const seconds = Math.round((Date.now() - startedAt) / 100) / 10;
          const text = Buffer.concat(output).toString().trimEnd();
          const status = code === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`;
          process.stdout.write(`\n> ${script}: ${status} in ${seconds} s\n${text ? `${text}\n` : ''}`);
          resolve({ script, code: code ?? 1, seconds });
        });
      }),
  ),
);
const failed = results.filter((result) => result.code !== 0).map((result) => result.script);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
