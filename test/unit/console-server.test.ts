import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, startConsoleServer } from '../../local/console-server.ts';

/** A GET with the Accept-Encoding given (fetch would always send its own and decompress). */
function get(url: string, acceptEncoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve({ headers: answer.headers, body: Buffer.concat(chunks) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const script = `export const rows = ${JSON.stringify(Array.from({ length: 500 }, (_, index) => `contact ${index}`))};\n`;
let server: Awaited<ReturnType<typeof startConsoleServer>>;
beforeAll(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'relay-console-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), `<!doctype html><title>Relay</title>${'<!-- padding -->'.repeat(100)}`);
  writeFileSync(join(dist, 'assets', 'list-abc123.js'), script);
  writeFileSync(join(dist, 'assets', 'tiny-abc123.js'), 'export {};\n');
  writeFileSync(join(dist, 'assets', 'logo-abc123.png'), Buffer.alloc(5_000, 7));
  server = await startConsoleServer({
    port: 0,
    dist,
    config: {
      apiUrl: 'http://127.0.0.1:1',
      auth: { mode: 'local', devUsersUrl: 'http://x/u', tokenUrl: 'http://x/t' },
    },
  });
});
afterAll(() => server?.close());

describe('the local console server compresses as CloudFront does', () => {
  it('answers brotli when the browser takes it, else gzip, else the file as it is', async () => {
    const brotli = await get(`${server.url}/assets/list-abc123.js`, 'gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(brotli.body).toString()).toBe(script);
    expect(brotli.body.length).toBeLessThan(script.length / 3);
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);

    const gzip = await get(`${server.url}/assets/list-abc123.js`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await get(`${server.url}/assets/list-abc123.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    // A screen's path is the app's index.html, compressed like any page.
    expect((await get(`${server.url}/contacts`, 'br')).headers['content-encoding']).toBe('br');
  });

  it('leaves small files, images and fonts as they are, and honours q=0', async () => {
    expect((await get(`${server.url}/assets/tiny-abc123.js`, 'br')).headers['content-encoding']).toBeUndefined();
    expect((await get(`${server.url}/assets/logo-abc123.png`, 'br')).headers['content-encoding']).toBeUndefined();
    expect(chooseEncoding('br;q=0, gzip', '.js', 5_000)).toBe('gzip');
    expect(chooseEncoding('identity', '.css', 5_000)).toBeUndefined();
    expect(chooseEncoding('br', '.woff2', 5_000)).toBeUndefined();
    expect(chooseEncoding('br', '.js', 10_000_001)).toBeUndefined();
  });
});
