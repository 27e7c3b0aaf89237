import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleBuildDirectory, consoleDistDirectory } from '#infra/console-build.ts';
import { spaRewriteSource } from '#infra/constructs/console.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A repository root of its own, with only the files a case needs. */
function aRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'relay-console-build-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

// A web app as small as vite builds: no plugins, so its config needs no import.
const tinyWebApp = {
  'web/vite.config.ts': "export default { root: 'web', logLevel: 'silent', build: { outDir: 'dist' } };\n",
  'web/index.html':
    '<!doctype html><html><head><script type="module" src="/main.js"></script></head><body></body></html>\n',
  'web/main.js': "document.body.textContent = 'Relay';\n",
};

describe('the console build that CDK deploys', () => {
  it('is web/dist when it has an index.html, without building anything', () => {
    const root = aRoot({ 'web/dist/index.html': '<!doctype html><title>built</title>', 'web/vite.config.ts': 'oops' });
    expect(consoleBuildDirectory(root)).toEqual({ directory: consoleDistDirectory(root), kind: 'built' });
  });

  it('is built with vite when web/dist is missing (a fresh clone), offline', () => {
    const root = aRoot(tinyWebApp);
    const build = consoleBuildDirectory(root);
    expect(build).toEqual({ directory: consoleDistDirectory(root), kind: 'built' });
    expect(readFileSync(join(build.directory, 'index.html'), 'utf8')).toMatch(
      /<script type="module"[^>]*src="\/assets\//,
    );
  }, 60_000);

  it('fails naming `npm run build:web` when the build fails', () => {
    const root = aRoot({ ...tinyWebApp, 'web/main.js': 'this is not JavaScript {' });
    expect(() => consoleBuildDirectory(root)).toThrow(/npm run build:web/);
  }, 60_000);

  it('is a page saying the console was not built when there is no web app at all', () => {
    const build = consoleBuildDirectory(aRoot({}));
    expect(build.kind).toBe('placeholder');
    expect(readFileSync(join(build.directory, 'index.html'), 'utf8')).toContain('The Relay console was not built');
  });
});

describe("the console distribution's viewer-request function", () => {
  // The function's own source, run as CloudFront runs it: handler(event) returns the request to fetch.
  const handler = new Function(`${spaRewriteSource}; return handler;`)() as (event: { request: { uri: string } }) => {
    uri: string;
  };
  const fetched = (uri: string) => handler({ request: { uri } }).uri;

  it('answers every route of the single-page app with /index.html', () => {
    for (const uri of [
      '/',
      '/contacts',
      '/contacts/01J0ABC',
      '/auth/callback',
      '/deals/board/',
      '/find/ada@example.com',
    ])
      expect(fetched(uri), uri).toBe('/index.html');
  });

  it('serves files as they are, so a missing hashed asset is a 404 and not the app', () => {
    for (const uri of [
      '/assets/index-3f9a1c.js',
      '/assets/missing.css',
      '/assets/fonts/x.woff2',
      '/config.json',
      '/favicon.ico',
    ])
      expect(fetched(uri), uri).toBe(uri);
  });
});
