import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundling } from '#infra/bundling.ts';
import { repositoryRoot } from '#infra/paths.ts';

export interface BundleFigure {
  entry: string;
  bytes: number;
  outfile: string;
}

/**
 * Bundles each of `entries` with the same esbuild settings CDK deploys with (infra/bundling.ts). One
 * esbuild build with many entry points and no code splitting writes the same bundle for each entry as
 * a build of its own would (esbuild bundles each entry point independently), only faster.
 */
export async function bundleLikeCdk(entries: readonly string[], outDirectory: string): Promise<BundleFigure[]> {
  mkdirSync(outDirectory, { recursive: true });
  const names = new Map(entries.map((entry) => [entry, entry.replace(/[/.]/g, '_')]));
  const result = await build({
    absWorkingDir: repositoryRoot,
    entryPoints: Object.fromEntries([...names].map(([entry, name]) => [name, join(repositoryRoot, entry)])),
    outdir: outDirectory,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
    platform: 'node',
    format: 'esm',
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    mainFields: lambdaBundling.mainFields,
    banner: { js: lambdaBundling.banner ?? '' },
    external: lambdaBundling.externalModules,
    metafile: true,
    logLevel: 'silent',
  });
  const bytesByEntry = new Map(
    Object.values(result.metafile.outputs).map((output) => [output.entryPoint, output.bytes] as const),
  );
  return entries.map((entry) => {
    const bytes = bytesByEntry.get(entry);
    if (bytes === undefined) throw new Error(`esbuild wrote no bundle for ${entry}`);
    return { entry, bytes, outfile: join(outDirectory, `${names.get(entry)}.mjs`) };
  });
}
