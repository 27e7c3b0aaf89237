import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repositoryRoot } from './paths.ts';

/** Where the console's production build is: `npm run build:web` writes it. */
export const consoleDistDirectory = (root: string) => join(root, 'web', 'dist');

/** What the console deployment uploads: the real build, or a page saying the console was not built. */
export interface ConsoleBuild {
  directory: string;
  kind: 'built' | 'placeholder';
}

/**
 * The folder the Console construct deploys. `web/dist` when it has an index.html; when it is missing
 * (a fresh clone, CI) and the web app exists, the build is run here, so `cdk synth` works offline
 * without a manual step; with no web app at all, a placeholder page (never a silent empty bucket).
 */
export function consoleBuildDirectory(root = repositoryRoot): ConsoleBuild {
  const dist = consoleDistDirectory(root);
  if (existsSync(join(dist, 'index.html'))) return { directory: dist, kind: 'built' };
  if (existsSync(join(root, 'web', 'vite.config.ts'))) {
    process.stderr.write('web/dist is missing: building the console (npm run build:web)...\n');
    // Into a folder of this process's own, then renamed into place: several synths at once (the CDK
    // tests run in parallel) never see, or empty, a half-written web/dist.
    const staging = join(root, 'web', `.dist-${process.pid}-${Date.now()}`);
    // vite's own bin through this Node, not npx: no lookup, no download, works offline.
    const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    const build = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', staging, '--emptyOutDir'],
      // NODE_ENV=production whatever the caller's (vitest sets test, for which Vite builds React's development build).
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (build.status === 0 && existsSync(join(staging, 'index.html'))) {
      try {
        renameSync(staging, dist);
      } catch {
        rmSync(staging, { recursive: true, force: true }); // another synth put its build there first
      }
      if (existsSync(join(dist, 'index.html'))) return { directory: dist, kind: 'built' };
    }
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `The console's build (web/dist) is missing and building it failed: run \`npm run build:web\` and fix what it reports.\n${build.stderr ?? build.error?.message ?? ''}`.trim(),
    );
  }
  return { directory: writePlaceholder(), kind: 'placeholder' };
}

/** A one-page stand-in, the same bytes every time (so the asset hash, and the deploy, only change with a real build). */
function writePlaceholder(): string {
  const directory = join(tmpdir(), 'relay-console-not-built');
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    join(directory, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Relay console not built</title></head>' +
      '<body><main><h1>The Relay console was not built</h1><p>This stack was synthesized without the web app ' +
      '(<code>web/</code>). Run <code>npm run build:web</code> and deploy again.</p></main></body></html>\n',
  );
  return directory;
}
