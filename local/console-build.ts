import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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
  const builtAt = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, 'utf8')) as { at: number }).at : 0;
  const changed = inputs.find((input) => newestChange(input) > builtAt);
  return changed ? `${relative(repositoryRoot, changed)} changed since the last build` : undefined;
}

/** Builds the console with Vite into web/dist when it is missing or stale; answers whether it built. */
export async function buildConsoleIfNeeded(log: (line: string) => void = console.log): Promise<boolean> {
  const reason = consoleBuildNeeded();
  if (!reason) return false;
  log(`Building the console (${reason})...`);
  const startedAt = Date.now();
  const { build } = await import('vite');
  // Vite bundles React's development build when NODE_ENV says so, and vitest sets it to "test": a stack that a
  // test started served a console several times slower than the one deployed. The console is always a
  // production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(consoleSource, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, `${JSON.stringify({ at: startedAt })}\n`);
  log(`Console built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  return true;
}
