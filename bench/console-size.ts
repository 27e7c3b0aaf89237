import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repositoryRoot } from '#infra/paths.ts';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface ConsoleSizeFigure {
  /** What a person downloads to see this screen: the entry, the shell (once signed in) and the screen's chunk. */
  screen: string;
  chunk: string;
  jsKbGzip: number;
  cssKbGzip: number;
}

/** gzip -9 as CloudFront's automatic compression would roughly give (it uses gzip or brotli). */
const gzipKb = (path: string) => Math.round((gzipSync(readFileSync(path), { level: 9 }).length / 1024) * 10) / 10;

/**
 * Builds the console into a temporary folder with Vite's manifest and adds up, per screen, the gzipped
 * JavaScript (and CSS) a browser must fetch before that screen shows: the entry chunk and its static
 * imports, the shell's chunk for signed-in screens, and the screen's own lazy chunk with its imports.
 */
export async function measureConsoleSize(): Promise<ConsoleSizeFigure[]> {
  const outDir = await mkdtemp(join(tmpdir(), 'relay-console-size-'));
  try {
    const { build } = await import('vite');
    await build({
      configFile: join(repositoryRoot, 'web', 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const closure = (key: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(key)) return seen;
      seen.add(key);
      for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
      return seen;
    };
    const cost = (keys: Set<string>) => {
      let js = 0;
      let css = 0;
      const cssFiles = new Set<string>();
      for (const key of keys) {
        const chunk = manifest[key] as ManifestChunk;
        js += gzipKb(join(outDir, chunk.file));
        for (const file of chunk.css ?? []) cssFiles.add(file);
      }
      for (const file of cssFiles) css += gzipKb(join(outDir, file));
      return { jsKbGzip: Math.round(js * 10) / 10, cssKbGzip: Math.round(css * 10) / 10 };
    };
    const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry) as string;
    const shellKey = Object.keys(manifest).find((key) => key.endsWith('app/Shell.tsx'));
    const figures: ConsoleSizeFigure[] = [{ screen: 'entry', chunk: entryKey, ...cost(closure(entryKey)) }];
    if (shellKey)
      figures.push({
        screen: 'shell (signed in, no screen yet)',
        chunk: shellKey,
        ...cost(closure(shellKey, closure(entryKey))),
      });
    for (const [key, chunk] of Object.entries(manifest)) {
      // A feature's strings come with its screen, a few hundred bytes each: counted with neither.
      if (!chunk.isDynamicEntry || !chunk.src || key === shellKey || key.includes('/locales/')) continue;
      // Sign-in screens (and oidc-client-ts, which only Cognito's sign-in loads) come before the shell.
      const signedIn = !key.includes('/auth/') && !key.includes('node_modules') && shellKey !== undefined;
      const keys = closure(key, closure(entryKey));
      if (signedIn) closure(shellKey, keys);
      const screen = key.includes('node_modules/oidc-client-ts')
        ? 'sign-in with Cognito (AWS only)'
        : key.replace(/^src\//, '').replace(/\.tsx?$/, '');
      figures.push({ screen, chunk: chunk.file, ...cost(keys) });
    }
    return figures.sort((a, b) => b.jsKbGzip - a.jsKbGzip);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureConsoleSize());
