import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from './handler-loader.ts';

export const consoleSource = join(repositoryRoot, 'web');
export const consoleDist = join(consoleSource, 'dist');
const stampFile = join(consoleDist, '.built-from.json');

/** What the console is built from: its own sources, the domain core it imports, and the API contract. */
const inputs = [join(consoleSource, 'src'), join(consoleSource, 'index.html'), join(consoleSource, 'vite.config.ts')]
  .concat([join(repositoryRoot, 'shared'), join(repositoryRoot, 'docs', 'openapi.json')])
  .concat([join(repositoryRoot, 'package-lock.json')]);

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Why the console must be (re)built, or undefined when web/dist is up to date with its sources. */
export function consoleBuildNeeded(): string | undefined {
  if (!existsSync(join(consoleDist, 'index.html'))) return 'web/dist is missing';
  const stamp = existsSync(stampFile)
    ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { at: number; nodeEnv?: string })
    : { at: 0 };
  // Builds stamped before the build forced NODE_ENV may be React's development build (see below).
  if (stamp.nodeEnv !== 'production') return 'web/dist may not be a production build';
  const builtAt = stamp.at;
  const changed = inputs.find((input) => newestChange(input) > builtAt);
  return changed ? `${relative(repositoryRoot, changed)} changed since the last build` : undefined;
}

/** Builds the console with Vite into web/dist when it is missing or stale; answers whether it built. */
export async function buildConsoleIfNeeded(log: (line: string) => void = console.log): Promise<boolean> {
  const reason = consoleBuildNeeded();
  if (!reason) return false;
  log(`Building the console (${reason})...`);
  const startedAt = Date.now();
  // In a process of its own with NODE_ENV=production: Vite builds for the NODE_ENV it finds, and under
  // vitest (NODE_ENV=test) that was React's development build (an Error captured per element), which
  // npm start and the bench then served until the sources changed.
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--config', join(consoleSource, 'vite.config.ts'), '--logLevel', 'warn'],
    { cwd: repositoryRoot, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 << 20 },
  );
  writeFileSync(stampFile, `${JSON.stringify({ at: startedAt, nodeEnv: 'production' })}\n`);
  log(`Console built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  return true;
}
