import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { ConsoleConfig } from '#shared/console/console-config.ts';
import { consoleSecurityHeaders } from '#shared/console/security-headers.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** The types CloudFront compresses (of those the console has); images and fonts are compressed already. */
const compressible = new Set(['.html', '.js', '.css', '.json', '.svg']);

/**
 * The encoding CloudFront would answer with: brotli when the browser takes it, else gzip, for a
 * compressible file of 1,000 bytes to 10,000,000 bytes (CloudFront's bounds); otherwise none.
 */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  extension: string,
  bytes: number,
): 'br' | 'gzip' | undefined {
  if (!compressible.has(extension) || bytes < 1_000 || bytes > 10_000_000) return undefined;
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, quality]) => quality?.trim() !== 'q=0')
      .map(([coding]) => coding?.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return undefined;
}

/**
 * Serves the built console as CloudFront does in AWS (its default behavior compresses, with
 * CachingOptimized keying on gzip and brotli): the files of web/dist, `config.json` (written from
 * the running stack, as the deploy writes it from the stack's outputs), the same security headers, long
 * caching for hashed assets, brotli or gzip as the browser accepts, and the single-page fallback (a path
 * without a file extension is the app).
 */
export async function startConsoleServer(options: {
  port: number;
  dist: string;
  config: ConsoleConfig;
}): Promise<{ url: string; close(): Promise<void> }> {
  const headers = consoleSecurityHeaders({ connect: [new URL(options.config.apiUrl).origin] });
  const configBody = JSON.stringify(options.config);
  const root = normalize(options.dist);
  // Each file compressed once per encoding (the hashed assets never change; index.html changes with a build).
  const compressed = new Map<string, Buffer>();
  const encode = (key: string, body: Buffer, encoding: 'br' | 'gzip') => {
    const cacheKey = `${encoding}:${key}`;
    let encoded = compressed.get(cacheKey);
    if (!encoded) {
      encoded =
        encoding === 'br'
          ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipSync(body, { level: 6 });
      compressed.set(cacheKey, encoded);
    }
    return encoded;
  };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://console').pathname);
    const send = (status: number, type: string, body: Buffer | string, cache: string, file?: string) => {
      const bytes = Buffer.from(body);
      // Files only: config.json and the refusals are a few hundred bytes, under what CloudFront compresses.
      const encoding = file
        ? chooseEncoding(request.headers['accept-encoding'], extname(file), bytes.length)
        : undefined;
      const sent = file && encoding ? encode(`${file}:${statSync(file).mtimeMs}`, bytes, encoding) : bytes;
      response.writeHead(status, {
        ...headers,
        'content-type': type,
        'cache-control': cache,
        vary: 'Accept-Encoding',
        ...(encoding ? { 'content-encoding': encoding } : {}),
        'content-length': sent.length,
      });
      response.end(request.method === 'HEAD' ? undefined : sent);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'GET only', 'no-store');
    if (path === '/config.json') return send(200, contentTypes['.json'] as string, configBody, 'no-cache');
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root + sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(200, type, readFileSync(file), cache, file);
    }
    // A missing asset is a 404 (a stale tab must not get HTML for its script); any other path is a screen.
    if (extname(path) || !inside) return send(404, 'text/plain', 'Not found', 'no-store');
    const index = join(root, 'index.html');
    return send(200, contentTypes['.html'] as string, readFileSync(index), 'no-cache', index);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
