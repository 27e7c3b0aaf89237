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

/** Bundles `entry` with the same esbuild settings CDK deploys with (infra/bundling.ts). */
export async function bundleLikeCdk(entry: string, outDirectory: string): Promise<BundleFigure> {
  const outfile = join(outDirectory, `${entry.replace(/[/.]/g, '_')}.mjs`);
  mkdirSync(outDirectory, { recursive: true });
  const result = await build({
    entryPoints: [join(repositoryRoot, entry)],
    outfile,
    bundle: true,
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
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { entry, bytes, outfile };
}
