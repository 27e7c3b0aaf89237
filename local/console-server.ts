import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
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

/**
 * Serves the built console as CloudFront does in AWS: the files of web/dist, `config.json` (written from
 * the running stack, as the deploy writes it from the stack's outputs), the same security headers, long
 * caching for hashed assets, and the single-page fallback (a path without a file extension is the app).
 */
export async function startConsoleServer(options: {
  port: number;
  dist: string;
  config: ConsoleConfig;
}): Promise<{ url: string; close(): Promise<void> }> {
  const headers = consoleSecurityHeaders({ connect: [new URL(options.config.apiUrl).origin] });
  const configBody = JSON.stringify(options.config);
  const root = normalize(options.dist);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://console').pathname);
    const send = (status: number, type: string, body: Buffer | string, cache: string) => {
      response.writeHead(status, { ...headers, 'content-type': type, 'cache-control': cache });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'GET only', 'no-store');
    if (path === '/config.json') return send(200, contentTypes['.json'] as string, configBody, 'no-cache');
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root + sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      const type = contentTypes[extname(file)] ?? 'application/octet-stream';
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return send(200, type, readFileSync(file), cache);
    }
    // A missing asset is a 404 (a stale tab must not get HTML for its script); any other path is a screen.
    if (extname(path) || !inside) return send(404, 'text/plain', 'Not found', 'no-store');
    return send(200, contentTypes['.html'] as string, readFileSync(join(root, 'index.html')), 'no-cache');
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
